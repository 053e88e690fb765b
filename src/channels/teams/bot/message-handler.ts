import type { TurnContext } from "botbuilder";
import type { Human } from "../../../core/domain/identity.js";
import type { ChatReply } from "../../shared/replies.js";
import type { ConversationPlace } from "../activity/teams-activity.js";
import { commandText, MAX_COMMAND_CHARS } from "../activity/command-text.js";
import { cardActivity } from "../delivery/card-activity.js";
import { renderReplyCard } from "../render/reply-card.js";
import { renderTextCard } from "../render/text-card.js";
import { formValues } from "./card-input.js";
import { replyInTurn, type TeamsBotDeps } from "./deps.js";
import { replyWithSubjectCard } from "./reply-copies.js";
import { identifyParty } from "./turn-party.js";

function isFormSubmit(value: unknown): value is Record<string, unknown> & { form: "request" | "emergency" } {
  const v = value as { form?: unknown } | undefined;
  return !!v && typeof v === "object" && (v.form === "request" || v.form === "emergency");
}

/**
 * A typed command (or an Action.Submit from a card form on clients without Universal Actions):
 * the flows answer, this renders and sends the answer.
 */
export async function onMessage(context: TurnContext, deps: TeamsBotDeps): Promise<void> {
  const party = await identifyParty(context, deps);
  if (!party.human) {
    const reply = deps.flows.unknownUser();
    await replyInTurn(deps, context, cardActivity(renderReplyCard(reply)));
    return;
  }
  const value = context.activity.value as unknown;
  const text = commandText(context.activity.text);
  if (!text && isFormSubmit(value)) {
    const values = formValues(value);
    const reply = value.form === "request" ? await deps.flows.submitRequestForm(party.human, values, "teams") : await deps.flows.submitEmergencyForm(party.human, values, "teams");
    return answer(context, deps, party.human, party.place, reply);
  }
  if (text.length > MAX_COMMAND_CHARS) {
    await replyInTurn(deps, context, cardActivity(renderTextCard({ text: `That message is ${text.length} characters long; commands fit in ${MAX_COMMAND_CHARS}. Shorten the justification, or type "request" for the form.`, tone: "warning", refused: true })));
    return;
  }
  return answer(context, deps, party.human, party.place, await deps.flows.command(party.human, text, "teams"));
}

async function answer(context: TurnContext, deps: TeamsBotDeps, human: Human, place: ConversationPlace, reply: ChatReply): Promise<void> {
  if (reply.type === "registerSecurityChannel") {
    if (place.kind !== "channel") {
      await replyInTurn(deps, context, cardActivity(renderTextCard({ text: "Type this in the team channel that should receive security alerts (with @PIM Access), not in a chat.", tone: "warning", refused: true })));
      return;
    }
    await deps.conversations.registerSecurityChannel(place, human.id);
    deps.logger.info({ conversationId: place.conversationId, by: human.id }, "Teams security channel registered");
  }
  if (reply.type === "request") return replyWithSubjectCard(deps, context, human, place, { requestId: reply.view.requestId }, reply.note);
  if (reply.type === "review") return replyWithSubjectCard(deps, context, human, place, { reviewItemId: reply.view.reviewItemId }, reply.note);
  await replyInTurn(deps, context, cardActivity(renderReplyCard(reply)));
}
