import type { Human } from "../../../core/domain/identity.js";
import { isPimError } from "../../../core/errors.js";
import type { CardAction } from "../../shared/actions.js";
import type { ChatReply } from "../../shared/replies.js";
import type { SubjectRef } from "../payloads/action-value.js";
import { encodeInputMetadata, type ActionOrigin } from "../payloads/input-metadata.js";
import { actionInputModal } from "../render/action-input-modal.js";
import { refusalMessage, textMessage } from "../render/reply-message.js";
import type { Answer } from "./answers.js";
import { publishHome } from "./home.js";
import type { ClickOrigin } from "./origin.js";
import type { SlackParts } from "./parts.js";

export function subjectOfAction(action: CardAction): SubjectRef {
  return "reviewItemId" in action ? { reviewItemId: action.reviewItemId } : { requestId: action.requestId };
}

/** The note of a reply, or its refusal: what the presser is told after an action. */
export function outcomeMessage(reply: ChatReply) {
  if (reply.type === "error") return refusalMessage(reply.message, reply.current, reply.issues);
  const note = reply.type === "request" || reply.type === "review" ? reply.note : undefined;
  return textMessage(note ?? "Done.", "✅");
}

/**
 * Brings every copy of the subject (and the presser's App Home) up to date right away. The use case
 * also queued a refresh in the outbox; this one just does not make people wait for it.
 */
export async function showEverywhere(parts: SlackParts, subject: SubjectRef, slackUserId: string, origin: ClickOrigin): Promise<void> {
  await parts.notifier.refresh(subject).catch((e: unknown) => parts.logger.warn({ err: e }, "immediate refresh of Slack copies failed; the outbox will retry"));
  if (origin.kind === "home") await publishHome(parts, slackUserId).catch((e: unknown) => parts.logger.warn({ err: e }, "could not republish App Home"));
}

/** A button that acts at once: the core decides whether this person may, and audits a refusal. */
export async function runAction(parts: SlackParts, human: Human, action: CardAction, slackUserId: string, origin: ClickOrigin, answer: Answer): Promise<void> {
  const reply = await parts.flows.act(human, action);
  await showEverywhere(parts, subjectOfAction(action), slackUserId, origin);
  // In App Home the republished tab shows what happened; a modal there is only worth it for a refusal.
  if (reply.type === "error" || origin.kind !== "home") await answer(outcomeMessage(reply));
}

/**
 * A button that needs a reason or a choice first. What to ask is taken from the presser's current
 * view of the subject; if the action is no longer theirs to take, it runs as pressed so the core
 * explains why not.
 */
export async function askForInput(parts: SlackParts, human: Human, action: CardAction, ctx: { slackUserId: string; triggerId: string; origin: ClickOrigin; answer: Answer }): Promise<void> {
  let view;
  try {
    view = "reviewItemId" in action ? await parts.flows.reviewView(action.reviewItemId, human.id) : await parts.flows.requestView(action.requestId, human.id);
  } catch (error) {
    if (!isPimError(error)) throw error;
    return ctx.answer(refusalMessage(error.message));
  }
  const offered = view.actions.find((a) => a.id === action.verb);
  if (!offered || !(offered.needsText || offered.choices)) return runAction(parts, human, action, ctx.slackUserId, ctx.origin, ctx.answer);
  // Pressed inside one of our modals (e.g. a detail view opened from App Home): answer as App Home does.
  const origin: ActionOrigin = ctx.origin.kind === "message" ? ctx.origin : { kind: "home" };
  const modal = actionInputModal(view.title, offered, encodeInputMetadata({ action: { ...action }, origin }));
  if (ctx.origin.kind === "modal") await parts.client.viewsPush({ trigger_id: ctx.triggerId, view: modal });
  else await parts.client.viewsOpen({ trigger_id: ctx.triggerId, view: modal });
}
