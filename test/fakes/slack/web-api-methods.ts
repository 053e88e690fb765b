import { checkMessageBlocks, checkView, type BlockCheck } from "./block-kit-checks.js";
import type { FakeSlackUser, FakeWorkspace, StoredMessage, StoredView } from "./workspace.js";

export type Args = Record<string, unknown>;
export type ApiResult = Record<string, unknown> & { ok: boolean };
type Method = (ws: FakeWorkspace, args: Args) => ApiResult;

/** The Web API methods the bot uses, answering with Slack's shapes and error strings. */
export const webApiMethods: Record<string, Method> = {
  "auth.test": (ws) => ({
    ok: true,
    url: `https://${ws.team.domain}.slack.com/`,
    team: ws.team.domain,
    user: "pim-bot",
    team_id: ws.team.id,
    user_id: ws.bot.userId,
    bot_id: ws.bot.botId,
    is_enterprise_install: false,
  }),

  "users.info": (ws, args) => {
    const user = ws.usersById.get(String(args.user ?? ""));
    return user ? { ok: true, user: userObject(ws, user) } : fail("user_not_found");
  },

  "users.lookupByEmail": (ws, args) => {
    const email = String(args.email ?? "").toLowerCase();
    const user = [...ws.usersById.values()].find((u) => u.email.toLowerCase() === email);
    return user ? { ok: true, user: userObject(ws, user) } : fail("users_not_found");
  },

  "conversations.open": (ws, args) => {
    const ids = String(args.users ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (ids.length === 0) return fail("users_list_not_supplied");
    const unknown = ids.find((id) => !ws.usersById.has(id));
    if (unknown) return fail("user_not_found");
    const id = ids.length === 1 ? ws.dmChannelFor(ids[0]!) : `G${ids.map((i) => i.slice(1)).sort().join("")}`;
    return { ok: true, channel: { id } };
  },

  "chat.postMessage": (ws, args) => {
    const channel = resolveChannel(ws, args.channel);
    if (!channel) return fail("channel_not_found");
    const content = messageContent(args);
    if (!content.ok) return content.error;
    const message: StoredMessage = {
      channel,
      ts: ws.nextTs(),
      ...content.fields,
      ...(typeof args.thread_ts === "string" ? { threadTs: args.thread_ts } : {}),
      ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
      user: ws.bot.userId,
      botId: ws.bot.botId,
      edits: 0,
    };
    ws.messages.push(message);
    return { ok: true, channel, ts: message.ts, message: messageObject(ws, message) };
  },

  "chat.update": (ws, args) => {
    const channel = resolveChannel(ws, args.channel);
    const message = channel ? ws.findMessage(channel, String(args.ts ?? "")) : undefined;
    if (!channel || !message) return fail(channel ? "message_not_found" : "channel_not_found");
    const content = messageContent(args, message);
    if (!content.ok) return content.error;
    Object.assign(message, content.fields, { edits: message.edits + 1 });
    return { ok: true, channel, ts: message.ts, text: message.text ?? "", message: messageObject(ws, message) };
  },

  "chat.postEphemeral": (ws, args) => {
    const channel = resolveChannel(ws, args.channel);
    if (!channel) return fail("channel_not_found");
    const user = String(args.user ?? "");
    if (!ws.usersById.has(user)) return fail("user_not_found");
    const content = messageContent(args);
    if (!content.ok) return content.error;
    const ts = ws.nextTs();
    ws.ephemerals.push({ channel, user, ts, ...content.fields });
    return { ok: true, message_ts: ts };
  },

  "views.open": (ws, args) => openView(ws, args, false),
  "views.push": (ws, args) => openView(ws, args, true),

  "views.update": (ws, args) => {
    const existing = [...ws.views.values()].find((v) =>
      typeof args.view_id === "string" && args.view_id ? v.id === args.view_id : v.externalId !== undefined && v.externalId === args.external_id,
    );
    if (!existing) return fail("not_found");
    if (typeof args.hash === "string" && args.hash !== existing.hash) return fail("hash_conflict");
    const check = checkView(args.view, "modal");
    if (!check.ok) return invalidBlocks(check);
    const stored = storeView(ws, args.view as Args, existing.userId, existing.rootViewId, existing.previousViewId, existing.id);
    ws.views.set(stored.id, stored);
    return { ok: true, view: stored.view };
  },

  "views.publish": (ws, args) => {
    const userId = String(args.user_id ?? "");
    if (!ws.usersById.has(userId)) return fail("user_not_found");
    const existing = ws.homeViews.get(userId);
    if (existing && typeof args.hash === "string" && args.hash !== existing.hash) return fail("hash_conflict");
    const check = checkView(args.view, "home");
    if (!check.ok) return invalidBlocks(check);
    const stored = storeView(ws, args.view as Args, userId, existing?.rootViewId, null, existing?.id);
    ws.homeViews.set(userId, stored);
    return { ok: true, view: stored.view };
  },
};

function openView(ws: FakeWorkspace, args: Args, push: boolean): ApiResult {
  const trigger = ws.useTrigger(args.trigger_id);
  if (!trigger.ok) return fail(trigger.error);
  const check = checkView(args.view, "modal");
  if (!check.ok) return invalidBlocks(check);
  const current = push ? [...ws.views.values()].filter((v) => v.userId === trigger.userId).at(-1) : undefined;
  if (push && !current) return fail("view_not_found");
  const stored = storeView(ws, args.view as Args, trigger.userId, current?.rootViewId, current?.id ?? null);
  ws.views.set(stored.id, stored);
  return { ok: true, view: stored.view };
}

function storeView(ws: FakeWorkspace, view: Args, userId: string, rootViewId?: string, previousViewId: string | null = null, keepId?: string): StoredView {
  const id = keepId ?? ws.nextId("V");
  const hash = ws.nextId("hash-");
  const type = view.type === "home" ? "home" : "modal";
  const full: Args = {
    id,
    team_id: ws.team.id,
    type,
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? "",
    callback_id: view.callback_id ?? "",
    state: { values: {} },
    hash,
    title: view.title ?? null,
    close: view.close ?? null,
    submit: view.submit ?? null,
    clear_on_close: view.clear_on_close ?? false,
    notify_on_close: view.notify_on_close ?? false,
    previous_view_id: previousViewId,
    root_view_id: rootViewId ?? id,
    app_id: ws.bot.appId,
    external_id: view.external_id ?? "",
    app_installed_team_id: ws.team.id,
    bot_id: ws.bot.botId,
  };
  return {
    id,
    userId,
    type,
    hash,
    rootViewId: rootViewId ?? id,
    previousViewId,
    ...(typeof view.external_id === "string" && view.external_id ? { externalId: view.external_id } : {}),
    view: full,
  };
}

/** Text and blocks of a message; on update, what is not sent is kept. */
function messageContent(args: Args, previous?: StoredMessage): { ok: true; fields: Partial<StoredMessage> } | { ok: false; error: ApiResult } {
  const text = typeof args.text === "string" ? args.text : undefined;
  const blocks = args.blocks;
  if (blocks !== undefined) {
    const check = checkMessageBlocks(blocks);
    if (!check.ok) return { ok: false, error: invalidBlocks(check) };
  }
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (!previous && !text && !hasBlocks) return { ok: false, error: fail("no_text") };
  return {
    ok: true,
    fields: { ...(text !== undefined ? { text } : {}), ...(blocks !== undefined ? { blocks: blocks as unknown[] } : {}) },
  };
}

/** Posting to a user id posts into the bot's DM with that user, as Slack does. */
function resolveChannel(ws: FakeWorkspace, channel: unknown): string | undefined {
  if (typeof channel !== "string" || channel === "") return undefined;
  if (/^[UW]/.test(channel)) return ws.usersById.has(channel) ? ws.dmChannelFor(channel) : undefined;
  if (channel.startsWith("D") && !ws.userForDm(channel)) return undefined;
  return channel;
}

export function messageObject(ws: FakeWorkspace, m: StoredMessage): Args {
  return {
    type: "message",
    ts: m.ts,
    user: m.user,
    bot_id: m.botId,
    app_id: ws.bot.appId,
    text: m.text ?? "",
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.metadata !== undefined ? { metadata: m.metadata } : {}),
    team: ws.team.id,
  };
}

function userObject(ws: FakeWorkspace, u: FakeSlackUser): Args {
  const name = u.name ?? u.email.split("@")[0];
  return {
    id: u.id,
    team_id: ws.team.id,
    name,
    deleted: u.deleted ?? false,
    real_name: u.realName,
    is_bot: u.isBot ?? false,
    profile: { email: u.email, real_name: u.realName, display_name: name, real_name_normalized: u.realName },
  };
}

export function invalidBlocks(check: BlockCheck): ApiResult {
  const reasons = check.ok ? [] : check.reasons;
  return { ok: false, error: "invalid_blocks", errors: reasons, response_metadata: { messages: reasons.map((r) => `[ERROR] ${r}`) } };
}

export function fail(error: string): ApiResult {
  return { ok: false, error };
}
