import type { TurnContext } from "botbuilder";
import type { Human } from "../../../core/domain/identity.js";
import type { ConversationPlace } from "../activity/teams-activity.js";
import type { CopyAudience } from "../conversations/posted-copies.js";
import { digestOf } from "../conversations/posted-copies.js";
import { cardActivity } from "../delivery/card-activity.js";
import type { SubjectRef } from "../render/actions.js";
import { replyInTurn, type TeamsBotDeps } from "./deps.js";

export function audienceOf(place: ConversationPlace): CopyAudience {
  return place.kind === "personal" ? "personal" : "shared";
}

/**
 * Answers in the turn with the card of a request or review item and records it as a copy, so later
 * changes update it. With a note ("Request sent…"), the copy is claimed under the same key the
 * notifier uses for that notice, so the person gets the card once, from whichever comes first.
 */
export async function replyWithSubjectCard(deps: TeamsBotDeps, context: TurnContext, human: Human, place: ConversationPlace, subject: SubjectRef, note: string | undefined): Promise<void> {
  const audience = audienceOf(place);
  const target = { serviceUrl: place.serviceUrl, conversationId: place.conversationId, tenantId: place.tenantId, kind: place.kind };
  const send = async (activity: ReturnType<typeof cardActivity>) => {
    const id = await replyInTurn(deps, context, activity);
    if (!id) throw new Error("Teams returned no id for the answer");
    return id;
  };
  if (note) {
    await deps.notifier.postOnce({ subject, recipient: { humanId: human.id }, audience, headline: note, kind: "request_status" }, target, send);
    return;
  }
  const card = await deps.renderer.forCopy({ subject, recipient: { humanId: human.id }, audience });
  const id = await send(cardActivity(card));
  await deps.copies.record(subject, { humanId: human.id }, place.conversationId, id, { audience, serviceUrl: place.serviceUrl, tenantId: place.tenantId, digest: digestOf(card) });
}
