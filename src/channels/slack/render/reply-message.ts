import type { RequestView, ReviewView } from "../../../core/views/types.js";
import type { ChatReply } from "../../shared/replies.js";
import type { KnownBlock, SlackMessage } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { listBlocks } from "./list-blocks.js";
import { fitBlocks } from "./fit.js";
import { compactRequestBlocks, requestBlocks } from "./request-blocks.js";
import { compactReviewBlocks, reviewBlocks } from "./review-blocks.js";
import { clip, md, mrkdwnSafe } from "./text.js";

/** Refusals start with this, so people (and the acceptance driver) can tell "not done" from done. */
export const REFUSED_PREFIX = "⛔ Not done:";

const TEXT_EMOJI = { info: "ℹ️", success: "✅", warning: "⚠️" } as const;

function section(text: string): KnownBlock {
  return { type: "section", text: md(text, LIMITS.sectionText) };
}

export function textMessage(text: string, emoji = ""): SlackMessage {
  const body = `${emoji ? `${emoji} ` : ""}${mrkdwnSafe(text, LIMITS.sectionText - 4)}`;
  return { text: clip(`${emoji ? `${emoji} ` : ""}${text}`, LIMITS.messageText), blocks: [section(body)] };
}

export function refusalMessage(message: string, current?: RequestView | ReviewView, issues: { field: string; message: string }[] = []): SlackMessage {
  const lines = [`${REFUSED_PREFIX} ${mrkdwnSafe(message, 2000)}`];
  for (const i of issues.slice(0, 10)) lines.push(`• *${mrkdwnSafe(i.field, 100)}*: ${mrkdwnSafe(i.message, 300)}`);
  const blocks: KnownBlock[] = [section(lines.join("\n"))];
  if (current) blocks.push(...(current.type === "request" ? compactRequestBlocks(current) : compactReviewBlocks(current)));
  return { text: clip(`${REFUSED_PREFIX} ${message}`, LIMITS.messageText), blocks: fitBlocks(blocks, LIMITS.messageBlocks) };
}

/** A flow's reply as a Slack message (ephemeral answer or DM). Forms are opened as modals instead. */
export function replyMessage(reply: ChatReply): SlackMessage {
  switch (reply.type) {
    case "text":
      return textMessage(reply.text, TEXT_EMOJI[reply.tone]);
    case "help": {
      const lines = reply.items.map((i) => `\`/pim ${mrkdwnSafe(i.command, 200)}\` ${mrkdwnSafe(i.description, 300)}`);
      const body = `${mrkdwnSafe(reply.intro, 500)}\n${lines.join("\n")}`;
      return { text: clip(reply.intro, LIMITS.messageText), blocks: [section(body)] };
    }
    case "request": {
      const blocks = requestBlocks(reply.view, { headline: reply.note });
      return { text: clip(reply.note ?? reply.view.title, LIMITS.messageText), blocks: fitBlocks(blocks, LIMITS.messageBlocks) };
    }
    case "review": {
      const blocks = reviewBlocks(reply.view, { headline: reply.note });
      return { text: clip(reply.note ?? reply.view.title, LIMITS.messageText), blocks: fitBlocks(blocks, LIMITS.messageBlocks) };
    }
    case "list":
      return { text: clip(reply.view.title, LIMITS.messageText), blocks: listBlocks(reply.view, LIMITS.messageBlocks) };
    case "form":
      return textMessage(`Run \`/pim ${reply.form.formId}\` to open the form.`, TEXT_EMOJI.info);
    case "registerSecurityChannel":
      return textMessage(reply.note, TEXT_EMOJI.success);
    case "error":
      return refusalMessage(reply.message, reply.current, reply.issues);
  }
}
