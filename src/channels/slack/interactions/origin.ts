import type { BlockAction, RespondFn } from "@slack/bolt";
import type { ActionOrigin } from "../payloads/input-metadata.js";
import { noticeModal } from "../render/notice-modal.js";
import type { SlackMessage } from "../render/block-kit.js";
import { answerVia, type Answer } from "./answers.js";
import type { SlackParts } from "./parts.js";

export type ClickOrigin = ActionOrigin | { kind: "modal" };

/** Where a button was pressed: a message (with channel and ts), App Home, or inside a modal. */
export function originOf(body: BlockAction): ClickOrigin {
  const container = body.container as { type?: unknown; channel_id?: unknown; message_ts?: unknown };
  if (container.type === "message") {
    const channel = typeof container.channel_id === "string" ? container.channel_id : body.channel?.id;
    const ts = typeof container.message_ts === "string" ? container.message_ts : body.message?.ts;
    if (channel && ts) return { kind: "message", channel, ts };
  }
  return body.view?.type === "home" ? { kind: "home" } : { kind: "modal" };
}

/**
 * How to show the presser an answer: ephemerally under the message, or, where there is no message
 * (App Home, a modal), in a small modal of its own.
 */
export function answerFor(parts: SlackParts, body: BlockAction, origin: ClickOrigin, respond: RespondFn): Answer {
  if (origin.kind === "message" && body.response_url) return answerVia(respond);
  return async (message: SlackMessage) => {
    const view = noticeModal("Privileged access", message.blocks);
    if (origin.kind === "modal") await parts.client.viewsPush({ trigger_id: body.trigger_id, view });
    else await parts.client.viewsOpen({ trigger_id: body.trigger_id, view });
  };
}
