import type { App } from "@slack/bolt";
import { DeliveryError } from "../../../core/errors.js";
import type { FormView } from "../../shared/forms.js";
import { formModal } from "../render/form-modal.js";
import { replyMessage, textMessage } from "../render/reply-message.js";
import { answerVia, guarded, type Answer } from "./answers.js";
import { PIM_COMMAND, type SlackParts } from "./parts.js";

const STALE_TRIGGER = new Set(["expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"]);

async function openForm(parts: SlackParts, form: FormView, triggerId: string, answer: Answer): Promise<void> {
  try {
    await parts.client.viewsOpen({ trigger_id: triggerId, view: formModal(form, { typeahead: form.formId === "request" }) });
  } catch (error) {
    // Slack gives three seconds to open a modal; a slow moment is worth a clear retry hint, not a crash.
    if (!(error instanceof DeliveryError) || !STALE_TRIGGER.has(String(error.details.slackError))) throw error;
    await answer(textMessage(`The form could not be opened in time. Please run \`${PIM_COMMAND} ${form.formId}\` again.`, "⚠️"));
  }
}

/** `/pim …`: acknowledged at once, then the text goes to ChatFlows.command and the reply is shown. */
export function registerCommand(app: App, parts: SlackParts): void {
  app.command(PIM_COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const answer = answerVia(respond);
    await guarded(parts.logger, answer, "command", async () => {
      const human = await parts.directory.humanFor(command.user_id);
      if (!human) return answer(replyMessage(parts.flows.unknownUser()));
      const reply = await parts.flows.command(human, command.text, "slack");
      if (reply.type === "form") return openForm(parts, reply.form, command.trigger_id, answer);
      if (reply.type === "registerSecurityChannel") {
        // Slack channel ids: C… public, G… private; D… is a direct message, which is no place for alerts.
        if (!/^[CG]/.test(command.channel_id)) return answer(textMessage("Run this in the channel that should receive security alerts, not in a direct message.", "ℹ️"));
        await parts.security.register(command.channel_id, human.id);
      }
      await answer(replyMessage(reply));
    });
  });
}
