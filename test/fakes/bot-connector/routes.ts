import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { BearerVerdict } from "./bearer.js";
import type { ConnectorState, WriteKind } from "./state.js";
import { personalConversationId, type ActivityJson, type FakeConversation } from "./teams-activity.js";
import type { SlidingWindows } from "./windows.js";

export interface RouteDeps {
  state: ConnectorState;
  checkBearer: (authorization: string | undefined) => Promise<BearerVerdict>;
  conversationWindows: SlidingWindows;
  tenantWindows: SlidingWindows | undefined;
  defaultTenantId: string;
  now: () => number;
}

type Params = { conversationId: string; activityId?: string; memberId?: string };

/** The Bot Connector REST surface a Teams bot uses, with Teams' error shapes ({ error: { code, message } }). */
export function registerConnectorRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { state } = deps;

  app.addHook("onRequest", async (req, reply) => {
    const verdict = await deps.checkBearer(req.headers.authorization);
    if (!verdict.ok) {
      state.refused.push({ status: 401, path: req.url, reason: verdict.reason, atMs: deps.now() });
      state.changed();
      return reply.code(401).send(error("Unauthorized", `Authorization has been denied for this request: ${verdict.reason}`));
    }
  });

  app.post("/v3/conversations", async (req, reply) => {
    const body = (req.body ?? {}) as { members?: { id?: string }[]; isGroup?: boolean; tenantId?: string; channelData?: { tenant?: { id?: string } }; activity?: ActivityJson };
    const memberId = body.members?.[0]?.id;
    if (body.isGroup || !memberId || body.members?.length !== 1) {
      return reply.code(400).send(error("BadArgument", "Only 1:1 conversations with exactly one member can be created."));
    }
    // Teams accepts the user's Entra object id in the personal scope (the app must be installed for them).
    const user = state.users.get(memberId) ?? [...state.users.values()].find((u) => u.aadObjectId === memberId);
    if (!user) return reply.code(404).send(error("MemberNotFound", `Unknown user ${memberId}.`));
    const tenantId = body.tenantId ?? body.channelData?.tenant?.id ?? deps.defaultTenantId;
    const conversation = state.addConversation({ id: personalConversationId(user.id), tenantId, conversationType: "personal", memberIds: [user.id] });
    if (body.activity) {
      const refusal = admit(deps, conversation, req);
      if (refusal) return refusal(reply);
      recordWrite(deps, "send", conversation, state.nextActivityId(), body.activity);
    }
    return reply.code(201).send({ id: conversation.id });
  });

  app.post<{ Params: Params }>("/v3/conversations/:conversationId/activities", async (req, reply) =>
    write(deps, req, reply, "send", state.nextActivityId()),
  );

  app.post<{ Params: Params }>("/v3/conversations/:conversationId/activities/:activityId", async (req, reply) =>
    write(deps, req, reply, "reply", state.nextActivityId(), req.params.activityId),
  );

  app.put<{ Params: Params }>("/v3/conversations/:conversationId/activities/:activityId", async (req, reply) => {
    const { conversationId, activityId } = req.params;
    if (!state.sent.some((a) => a.conversationId === conversationId && a.activityId === activityId)) {
      return reply.code(404).send(error("ActivityNotFound", `The bot never posted activity ${String(activityId)} here.`));
    }
    return write(deps, req, reply, "update", activityId!);
  });

  app.delete<{ Params: Params }>("/v3/conversations/:conversationId/activities/:activityId", async (req, reply) =>
    write(deps, req, reply, "delete", req.params.activityId!),
  );

  app.get<{ Params: Params }>("/v3/conversations/:conversationId/members/:memberId", async (req, reply) => {
    const conversation = state.conversation(req.params.conversationId);
    if (!conversation) return reply.code(404).send(error("ConversationNotFound", "Conversation not found."));
    const user = state.users.get(req.params.memberId!);
    const isMember = conversation.memberIds.includes(req.params.memberId!) || conversation.conversationType !== "personal";
    if (!user || !isMember) return reply.code(404).send(error("MemberNotFound", "The user is not a member of this conversation."));
    return reply.send(memberJson(user, conversation.tenantId));
  });

  app.get<{ Params: Params }>("/v3/conversations/:conversationId/members", async (req, reply) => {
    const conversation = state.conversation(req.params.conversationId);
    if (!conversation) return reply.code(404).send(error("ConversationNotFound", "Conversation not found."));
    const members = conversation.memberIds.flatMap((id) => {
      const user = state.users.get(id);
      return user ? [memberJson(user, conversation.tenantId)] : [];
    });
    return reply.send(members);
  });
}

async function write(deps: RouteDeps, req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, kind: WriteKind, activityId: string, replyToId?: string) {
  const conversation = deps.state.conversation(req.params.conversationId);
  if (!conversation) {
    deps.state.refused.push({ status: 404, path: req.url, reason: "unknown conversation", atMs: deps.now() });
    return reply.code(404).send(error("ConversationNotFound", "Conversation not found."));
  }
  const refusal = admit(deps, conversation, req);
  if (refusal) return refusal(reply);
  recordWrite(deps, kind, conversation, activityId, (req.body ?? {}) as ActivityJson, replyToId);
  return reply.code(kind === "send" || kind === "reply" ? 201 : 200).send(kind === "delete" ? {} : { id: activityId });
}

/** Blocked conversations and rate limits, in the order Teams applies them. Returns how to refuse, or nothing. */
function admit(deps: RouteDeps, conversation: FakeConversation, req: FastifyRequest): ((reply: FastifyReply) => FastifyReply) | undefined {
  const { state } = deps;
  const now = deps.now();
  if (state.isBlocked(conversation)) {
    state.refused.push({ status: 403, path: req.url, reason: "MessageWritesBlocked", atMs: now });
    state.changed();
    return (reply) => reply.code(403).send(error("MessageWritesBlocked", "The bot is blocked from writing to this conversation."));
  }
  const byConversation = deps.conversationWindows.check(conversation.id, now);
  const byTenant = deps.tenantWindows?.check(conversation.tenantId, now);
  const verdict = !byConversation.allowed ? { ...byConversation, scope: "conversation" as const } : byTenant && !byTenant.allowed ? { ...byTenant, scope: "tenant" as const } : undefined;
  if (verdict?.exceeded) {
    state.throttled.push({ conversationId: conversation.id, tenantId: conversation.tenantId, atMs: now, retryAfterSeconds: verdict.retryAfterSeconds, scope: verdict.scope, exceeded: verdict.exceeded });
    state.changed();
    return (reply) => reply.code(429).header("retry-after", String(verdict.retryAfterSeconds)).send(error("TooManyRequests", "Too many requests."));
  }
  deps.conversationWindows.record(conversation.id, now);
  deps.tenantWindows?.record(conversation.tenantId, now);
  return undefined;
}

function recordWrite(deps: RouteDeps, kind: WriteKind, conversation: FakeConversation, activityId: string, activity: ActivityJson, replyToId?: string) {
  const record = { kind, at: new Date(), atMs: deps.now(), conversationId: conversation.id, activityId, activity, ...(replyToId ? { replyToId } : {}) };
  if (kind === "send" || kind === "reply") deps.state.sent.push(record);
  else if (kind === "update") deps.state.updates.push(record);
  else deps.state.deletes.push(record);
  deps.state.changed();
}

function memberJson(user: { id: string; aadObjectId: string; name: string; email: string; userPrincipalName: string }, tenantId: string) {
  const [givenName, ...rest] = user.name.split(" ");
  return { ...user, givenName, surname: rest.join(" "), tenantId, userRole: "user" };
}

function error(code: string, message: string) {
  return { error: { code, message } };
}
