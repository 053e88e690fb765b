import type { App, BlockAction } from "@slack/bolt";
import { parseActionId } from "../payloads/action-ids.js";
import { decodeAction, decodeSubject } from "../payloads/action-value.js";
import { refusalMessage, replyMessage } from "../render/reply-message.js";
import { askForInput, runAction } from "./act.js";
import { guarded } from "./answers.js";
import { answerFor, originOf } from "./origin.js";
import type { SlackParts } from "./parts.js";
import { showSubject } from "./show.js";

const UNKNOWN_BUTTON = "I don't know that button (it may come from an older version of this app). Nothing was changed.";
const INVALID_BUTTON = "That button's data is not valid, so nothing was changed.";

/**
 * Every block action goes through one router, so an unknown or malformed button gets a clear answer
 * instead of silence. Acknowledged first; the work happens after (Slack waits three seconds at most).
 */
export function registerActions(app: App, parts: SlackParts): void {
  app.action<BlockAction>(/.*/, async ({ body, action, ack, respond }) => {
    await ack();
    if (body.type !== "block_actions") return;
    const click = body;
    const origin = originOf(click);
    const answer = answerFor(parts, click, origin, respond);
    await guarded(parts.logger, answer, "block_action", async () => {
      const id = parseActionId(action.action_id ?? "");
      if (id.kind === "unknown") {
        parts.logger.warn({ actionId: action.action_id }, "a Slack button with an unknown action id was pressed");
        return answer(refusalMessage(UNKNOWN_BUTTON));
      }
      const human = await parts.directory.humanFor(click.user.id);
      if (!human) return answer(replyMessage(parts.flows.unknownUser()));
      const value = "value" in action ? action.value : undefined;

      if (id.kind === "details" || id.kind === "open") {
        const subject = decodeSubject(value);
        if (!subject) return answer(refusalMessage(INVALID_BUTTON));
        return showSubject(parts, human, subject, id.kind, origin, answer);
      }
      const payload = decodeAction(value);
      // The verb in the action id and in the value must agree: a mismatch is a crafted request.
      if (!payload || payload.verb !== id.verb) {
        parts.logger.warn({ actionId: action.action_id, slackUserId: click.user.id }, "a Slack action carried an invalid payload");
        return answer(refusalMessage(INVALID_BUTTON));
      }
      if (id.kind === "ask") return askForInput(parts, human, payload, { slackUserId: click.user.id, triggerId: click.trigger_id, origin, answer });
      return runAction(parts, human, payload, click.user.id, origin, answer);
    });
  });
}
