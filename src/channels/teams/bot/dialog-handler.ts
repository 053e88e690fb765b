import type { TurnContext } from "botbuilder";
import { z } from "zod/v4";
import { ErrorCodes } from "../../../core/errors.js";
import { renderFormDialog } from "../render/form-card.js";
import type { renderReplyCard } from "../render/reply-card.js";
import { formValues } from "./card-input.js";
import type { TeamsBotDeps } from "./deps.js";
import { answerInvoke, dialogCardAnswer, dialogMessageAnswer, httpAnswer } from "./invoke-response.js";
import { audienceOf } from "./reply-copies.js";
import { identifyParty } from "./turn-party.js";

const TaskValue = z.object({ data: z.record(z.string(), z.unknown()).optional() });
const DIALOGS = { request: "Request access", emergency: "Emergency access" } as const;
type DialogName = keyof typeof DIALOGS;

function dialogOf(data: Record<string, unknown>): DialogName | undefined {
  const d = data.dialog ?? "request";
  return d === "request" || d === "emergency" ? d : undefined;
}

/** `task/fetch`: the request (or emergency) form as a Teams dialog, with typeahead on the entitlement. */
export async function onDialogFetch(context: TurnContext, deps: TeamsBotDeps): Promise<void> {
  const value = TaskValue.safeParse(context.activity.value);
  const dialog = value.success ? dialogOf(value.data.data ?? {}) : undefined;
  if (!dialog) return answerInvoke(context, httpAnswer(400, ErrorCodes.VALIDATION_FAILED, "Unknown dialog."));
  const party = await identifyParty(context, deps);
  if (!party.human) return answerInvoke(context, dialogMessageAnswer(textOf(deps.flows.unknownUser())));
  const reply = await deps.flows.command(party.human, dialog, "teams");
  if (reply.type !== "form") return answerInvoke(context, dialogMessageAnswer(textOf(reply)));
  await answerInvoke(context, dialogCardAnswer(DIALOGS[dialog], renderFormDialog(reply.form)));
}

/**
 * `task/submit`: the form goes to the flows; field errors re-open the dialog with each message next to
 * its field; success closes it and the request card is posted in the conversation after the answer.
 */
export async function onDialogSubmit(context: TurnContext, deps: TeamsBotDeps): Promise<void> {
  const value = TaskValue.safeParse(context.activity.value);
  const data = value.success ? (value.data.data ?? {}) : undefined;
  const dialog = data ? dialogOf(data) : undefined;
  if (!data || !dialog) return answerInvoke(context, httpAnswer(400, ErrorCodes.VALIDATION_FAILED, "Unknown dialog."));
  const party = await identifyParty(context, deps);
  const human = party.human;
  if (!human) return answerInvoke(context, dialogMessageAnswer(textOf(deps.flows.unknownUser())));
  const values = formValues(data);
  const reply = dialog === "request" ? await deps.flows.submitRequestForm(human, values, "teams") : await deps.flows.submitEmergencyForm(human, values, "teams");
  if (reply.type === "form") return answerInvoke(context, dialogCardAnswer(DIALOGS[dialog], renderFormDialog(reply.form)));
  if (reply.type !== "request") return answerInvoke(context, dialogMessageAnswer(textOf(reply)));
  const { place } = party;
  const note = reply.note ?? "Request sent.";
  deps.background.run("post submitted request", () =>
    deps.notifier.postOnce(
      { subject: { requestId: reply.view.requestId }, recipient: { humanId: human.id }, audience: audienceOf(place), headline: note, kind: "request_status" },
      { serviceUrl: place.serviceUrl, conversationId: place.conversationId, tenantId: place.tenantId, kind: place.kind },
      (activity) => deps.sender.send({ serviceUrl: place.serviceUrl, conversationId: place.conversationId, tenantId: place.tenantId, kind: place.kind }, activity),
    ),
  );
  await answerInvoke(context, dialogMessageAnswer(note));
}

function textOf(reply: Parameters<typeof renderReplyCard>[0]): string {
  if (reply.type === "text") return reply.text;
  if (reply.type === "error") return reply.message;
  return "Done.";
}
