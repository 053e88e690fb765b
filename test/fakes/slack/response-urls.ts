import { checkMessageBlocks } from "./block-kit-checks.js";
import { fail, invalidBlocks, type ApiResult, type Args } from "./web-api-methods.js";
import type { FakeWorkspace } from "./workspace.js";

/** Slack lets a response_url be used five times within 30 minutes. */
const MAX_USES = 5;

/**
 * What Slack does with a post to a response_url: replace or delete the message the interaction came
 * from, post into the channel (`response_type: "in_channel"`), or by default answer the user ephemerally.
 */
export function answerResponseUrl(ws: FakeWorkspace, id: string, body: Args): { status: number; body: ApiResult } {
  const binding = ws.responseUrls.get(id);
  if (!binding) return { status: 404, body: fail("expired_url") };
  if (binding.uses >= MAX_USES) return { status: 404, body: fail("used_url") };
  binding.uses += 1;

  if (body.blocks !== undefined) {
    const check = checkMessageBlocks(body.blocks);
    if (!check.ok) return { status: 400, body: invalidBlocks(check) };
  }
  const text = typeof body.text === "string" ? body.text : undefined;
  const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
  const original = binding.messageTs ? ws.findMessage(binding.channel, binding.messageTs) : undefined;

  if (body.delete_original === true || body.delete_original === "true") {
    if (!original) return { status: 404, body: fail("message_not_found") };
    ws.messages.splice(ws.messages.indexOf(original), 1);
    return { status: 200, body: { ok: true } };
  }
  if (!text && !blocks) return { status: 400, body: fail("no_text") };
  if (body.replace_original === true || body.replace_original === "true") {
    if (!original) return { status: 404, body: fail("message_not_found") };
    Object.assign(original, { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}), edits: original.edits + 1 });
    return { status: 200, body: { ok: true } };
  }
  const ts = ws.nextTs();
  if (body.response_type === "in_channel") {
    ws.messages.push({ channel: binding.channel, ts, text, blocks, user: ws.bot.userId, botId: ws.bot.botId, edits: 0 });
  } else {
    ws.ephemerals.push({ channel: binding.channel, user: binding.userId, ts, text, blocks });
  }
  return { status: 200, body: { ok: true } };
}
