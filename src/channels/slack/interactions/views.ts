import type { App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { ErrorCodes } from "../../../core/errors.js";
import { CHOICE_FIELDS, withActionInput } from "../../shared/actions.js";
import { CALLBACK_ID, INPUT_BLOCK } from "../payloads/action-ids.js";
import { decodeAction } from "../payloads/action-value.js";
import { decodeInputMetadata, type InputMetadata } from "../payloads/input-metadata.js";
import { formValues } from "../payloads/view-state.js";
import type { KnownBlock } from "../render/block-kit.js";
import { noticeModal } from "../render/notice-modal.js";
import { refusalMessage, replyMessage, textMessage } from "../render/reply-message.js";
import { outcomeMessage, showEverywhere, subjectOfAction } from "./act.js";
import { SOMETHING_WENT_WRONG } from "./answers.js";
import { formErrors, inputBlockIds } from "./form-errors.js";
import type { SlackParts } from "./parts.js";

type Ack = SlackViewMiddlewareArgs<ViewSubmitAction>["ack"];

function showInModal(ack: Ack, title: string, blocks: KnownBlock[]): Promise<void> {
  return ack({ response_action: "update", view: noticeModal(title, blocks) });
}

/** The request and emergency forms: field errors go back into the modal; success closes it and DMs the card. */
async function submitForm(parts: SlackParts, body: ViewSubmitAction, ack: Ack): Promise<void> {
  const human = await parts.directory.humanFor(body.user.id);
  if (!human) return showInModal(ack, "Not available", replyMessage(parts.flows.unknownUser()).blocks);
  const values = formValues(body.view.state.values);
  const emergency = body.view.callback_id === CALLBACK_ID.emergencyForm;
  const reply = emergency ? await parts.flows.submitEmergencyForm(human, values, "slack") : await parts.flows.submitRequestForm(human, values, "slack");
  const blockIds = inputBlockIds(body.view.blocks);
  if (reply.type === "form") return ack({ response_action: "errors", errors: formErrors(reply.form, blockIds) });
  if (reply.type !== "request") {
    return reply.type === "error" && blockIds[0] ? ack({ response_action: "errors", errors: { [blockIds[0]]: reply.message } }) : showInModal(ack, "Not done", replyMessage(reply).blocks);
  }
  await ack({ response_action: "clear" });
  // The requester's copy of the card; the core's own "request sent" notice finds it posted and is not sent twice.
  const channel = await parts.directory.dmChannelFor(body.user.id);
  await parts.notifier.postCopyOnce({ subject: { requestId: reply.view.requestId }, recipient: { humanId: human.id }, channel, headline: reply.note ?? reply.view.title, kind: "request_status" });
}

/** Field errors of a refused action that belong to an input of the action-input modal. */
function inputErrors(issues: readonly { field: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const i of issues) {
    if (i.field === "reason") errors[INPUT_BLOCK.reason] = i.message;
    if (CHOICE_FIELDS.includes(i.field)) errors[INPUT_BLOCK.choice] = i.message;
  }
  return errors;
}

/** The reason / choice modal of a `pim.ask.*` button. */
async function submitActionInput(parts: SlackParts, body: ViewSubmitAction, meta: InputMetadata, ack: Ack): Promise<void> {
  const human = await parts.directory.humanFor(body.user.id);
  if (!human) return showInModal(ack, "Not available", replyMessage(parts.flows.unknownUser()).blocks);
  const values = formValues(body.view.state.values);
  const action = withActionInput(meta.action, { reason: values[INPUT_BLOCK.reason] || undefined, choice: values[INPUT_BLOCK.choice] || undefined });
  const reply = await parts.flows.act(human, action);
  const errors = reply.type === "error" && reply.code === ErrorCodes.VALIDATION_FAILED ? inputErrors(reply.issues) : {};
  if (Object.keys(errors).length > 0) return ack({ response_action: "errors", errors });

  const outcome = outcomeMessage(reply);
  if (reply.type === "error") await showInModal(ack, "Not done", outcome.blocks);
  else await ack({ response_action: "clear" });
  const pressed = decodeAction(meta.action);
  if (pressed) await showEverywhere(parts, subjectOfAction(pressed), body.user.id, meta.origin);
  if (reply.type !== "error" && meta.origin.kind === "message") {
    await parts.client.postEphemeral({ channel: meta.origin.channel, user: body.user.id, text: outcome.text, blocks: outcome.blocks });
  }
}

/**
 * Every view submission goes through one router: unknown forms and damaged metadata get a clear
 * answer in the modal, and nothing runs.
 */
export function registerViews(app: App, parts: SlackParts): void {
  app.view(/.*/, async ({ body, ack }) => {
    if (body.type !== "view_submission") return;
    const submission = body as ViewSubmitAction;
    const callbackId = submission.view.callback_id;
    let acked = false;
    const once: Ack = async (response) => {
      acked = true;
      await ack(response);
    };
    try {
      if (callbackId === CALLBACK_ID.requestForm || callbackId === CALLBACK_ID.emergencyForm) return await submitForm(parts, submission, once);
      if (callbackId === CALLBACK_ID.actionInput) {
        const meta = decodeInputMetadata(submission.view.private_metadata);
        if (!meta) return await showInModal(once, "Not done", refusalMessage("This form's data is not valid, so nothing was changed.").blocks);
        return await submitActionInput(parts, submission, meta, once);
      }
      if (callbackId === CALLBACK_ID.notice) return await once();
      parts.logger.warn({ callbackId }, "a Slack view with an unknown callback id was submitted");
      await showInModal(once, "Not done", refusalMessage("This form is not one I know, so nothing was changed.").blocks);
    } catch (error) {
      parts.logger.error({ err: error, callbackId }, "a Slack view submission failed");
      if (!acked) await showInModal(once, "Something went wrong", textMessage(SOMETHING_WENT_WRONG, "⚠️").blocks);
    }
  });
}
