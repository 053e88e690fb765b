import { performance } from "node:perf_hooks";
import Fastify from "fastify";
import { createBearerCheck } from "./bearer.js";
import { registerConnectorRoutes } from "./routes.js";
import { ConnectorState, type RecordedActivity, type RefusalRecord, type ThrottleRecord } from "./state.js";
import { DEFAULT_USER, inboundActivity, personalConversationId, type ActivityJson, type FakeConversation, type FakeTeamsUser } from "./teams-activity.js";
import { SlidingWindows, TEAMS_CONVERSATION_LIMITS, type WindowLimit } from "./windows.js";

export { DEFAULT_USER, personalConversationId, TEAMS_CONVERSATION_LIMITS };
export type { ActivityJson, FakeConversation, FakeTeamsUser, RecordedActivity, RefusalRecord, ThrottleRecord, WindowLimit };

/** What the fake needs from the local token issuer (test/fakes/token-issuer). */
export interface ConnectorTokenSource {
  url: string;
  jwksUri: string;
  mintChannelToken(claims: { appId: string; serviceUrl: string }): Promise<string>;
}

export interface FakeBotConnectorOptions {
  tokenIssuer: ConnectorTokenSource;
  botAppId: string;
  /** Where sendToBot posts; can also be set later with `connector.botEndpoint = …`. */
  botEndpoint?: string;
  /** Audience the bot's tokens must carry; the real Bot Connector wants the Bot Framework resource. */
  audience?: string;
  /** Per-conversation sliding windows; default the Teams limits. Shrink them to keep tests quick. */
  conversationLimits?: readonly WindowLimit[];
  /** Per-tenant sliding windows (Teams: 30 requests/s per app per tenant); off unless given. */
  tenantLimits?: readonly WindowLimit[];
  tenantId?: string;
  users?: FakeTeamsUser[];
  /** Monotonic milliseconds for windows and `atMs`. */
  now?: () => number;
}

export interface BotResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface SendToBotOptions {
  /** undefined: a freshly minted channel token; null: no Authorization header; string: exactly this token. */
  token?: string | null;
  user?: FakeTeamsUser;
  conversation?: FakeConversation;
}

export interface FakeBotConnector {
  /** What activities carry as `serviceUrl` (ends with "/", like Teams' regional URLs). */
  serviceUrl: string;
  botAppId: string;
  tenantId: string;
  botEndpoint: string | undefined;
  /** Sends and replies, in arrival order. */
  readonly sent: readonly RecordedActivity[];
  readonly updates: readonly RecordedActivity[];
  readonly deletes: readonly RecordedActivity[];
  readonly conversations: readonly FakeConversation[];
  /** Every 429 the fake answered, with the window that was exceeded. */
  readonly throttled: readonly ThrottleRecord[];
  /** Every 401/403/404 the fake answered. */
  readonly refused: readonly RefusalRecord[];
  addUser(user: FakeTeamsUser): void;
  /** Makes a conversation known (personal with the default user when only an id is given). */
  addConversation(conversation: Partial<FakeConversation> & { id: string }): FakeConversation;
  personalConversation(user?: FakeTeamsUser): FakeConversation;
  /** From now on, writes to this user's 1:1 or to this conversation get 403 MessageWritesBlocked. */
  blockWrites(target: { userId?: string; conversationId?: string }): void;
  /** Resolves with the first truthy value `probe` returns, re-checked after every change; rejects after timeoutMs. */
  waitFor<T>(probe: () => T | undefined | null | false, opts?: { timeoutMs?: number }): Promise<T>;
  /** Posts an activity to the bot as the Bot Connector would, with defaults filled in. */
  sendToBot(activity: ActivityJson, opts?: SendToBotOptions): Promise<BotResponse>;
  /** Posts a raw body (for malformed JSON). */
  postRawToBot(body: string, opts?: { token?: string | null; contentType?: string }): Promise<BotResponse>;
  close(): Promise<void>;
}

export async function startFakeBotConnector(opts: FakeBotConnectorOptions): Promise<FakeBotConnector> {
  const state = new ConnectorState();
  const now = opts.now ?? (() => performance.now());
  const tenantId = opts.tenantId ?? "contoso-tenant";
  for (const user of opts.users ?? [DEFAULT_USER]) state.users.set(user.id, user);

  const app = Fastify({ logger: false });
  // The bot's client sends DELETE with a JSON content type and no body; Fastify's default parser would 400 it.
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, body === "" ? undefined : JSON.parse(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  registerConnectorRoutes(app, {
    state,
    checkBearer: createBearerCheck({
      jwksUri: opts.tokenIssuer.jwksUri,
      issuerBase: opts.tokenIssuer.url,
      audience: opts.audience ?? "https://api.botframework.com",
      botAppId: opts.botAppId,
    }),
    conversationWindows: new SlidingWindows(opts.conversationLimits ?? TEAMS_CONVERSATION_LIMITS),
    tenantWindows: opts.tenantLimits ? new SlidingWindows(opts.tenantLimits) : undefined,
    defaultTenantId: tenantId,
    now,
  });
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  const serviceUrl = `${base}/`;

  const personalConversation = (user: FakeTeamsUser = firstUser(state)) =>
    state.addConversation({ id: personalConversationId(user.id), tenantId, conversationType: "personal", memberIds: [user.id] });

  const post = async (body: string, contentType: string, token: string | null | undefined): Promise<BotResponse> => {
    if (!connector.botEndpoint) throw new Error("FakeBotConnector: set botEndpoint before sending to the bot.");
    const bearer = token === undefined ? await opts.tokenIssuer.mintChannelToken({ appId: opts.botAppId, serviceUrl }) : token;
    const res = await fetch(connector.botEndpoint, {
      method: "POST",
      headers: { "content-type": contentType, ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  const connector: FakeBotConnector = {
    serviceUrl,
    botAppId: opts.botAppId,
    tenantId,
    botEndpoint: opts.botEndpoint,
    sent: state.sent,
    updates: state.updates,
    deletes: state.deletes,
    conversations: state.conversations,
    throttled: state.throttled,
    refused: state.refused,
    addUser: (user) => void state.users.set(user.id, user),
    addConversation: (c) =>
      state.addConversation({ tenantId, conversationType: "personal", memberIds: c.conversationType && c.conversationType !== "personal" ? [] : [firstUser(state).id], ...c }),
    personalConversation,
    blockWrites: ({ userId, conversationId }) => {
      if (userId) state.blockedUsers.add(userId);
      if (conversationId) state.blockedConversations.add(conversationId);
    },
    waitFor: (probe, { timeoutMs = 5_000 } = {}) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const value = probe();
          if (!value) return false;
          cleanup();
          resolve(value);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`FakeBotConnector.waitFor: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          state.changes.off("change", check);
        };
        state.changes.on("change", check);
        check();
      }),
    sendToBot: (activity, { token, user, conversation } = {}) => {
      const from = user ?? firstUser(state);
      const conv = conversation ?? personalConversation(from);
      state.addConversation(conv);
      const json = inboundActivity(activity, { serviceUrl, botAppId: opts.botAppId, tenantId: conv.tenantId, user: from, conversation: conv });
      return post(JSON.stringify(json), "application/json; charset=utf-8", token);
    },
    postRawToBot: (body, { token, contentType = "application/json" } = {}) => post(body, contentType, token),
    close: () => app.close(),
  };
  return connector;
}

function firstUser(state: ConnectorState): FakeTeamsUser {
  const user = state.users.values().next().value;
  if (!user) throw new Error("FakeBotConnector: no users configured.");
  return user;
}
