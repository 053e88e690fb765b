import type { RespondFn } from "@slack/bolt";
import type { Logger } from "../../../core/ports/logger.js";
import type { SlackMessage } from "../render/block-kit.js";
import { textMessage } from "../render/reply-message.js";

/** Shows a message to the one person who interacted. */
export type Answer = (message: SlackMessage) => Promise<void>;

/** Through the interaction's response_url: ephemeral, bound by Slack to the person who clicked. */
export function answerVia(respond: RespondFn): Answer {
  return async (message) => {
    await respond({ response_type: "ephemeral", replace_original: false, text: message.text, blocks: message.blocks });
  };
}

export const SOMETHING_WENT_WRONG = "Something went wrong on my side. If you don't see the change you expected, try again in a minute.";

/**
 * Runs a handler's work after its ack. Failures are logged and the person is told, never left
 * looking at a button that seemingly did nothing.
 */
export async function guarded(logger: Logger, answer: Answer, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.error({ err: error, what }, "a Slack interaction failed");
    await answer(textMessage(SOMETHING_WENT_WRONG, "⚠️")).catch((e: unknown) => logger.warn({ err: e, what }, "could not tell the user about the failure"));
  }
}
