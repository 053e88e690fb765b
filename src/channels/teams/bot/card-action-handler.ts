import type { TurnContext } from "botbuilder";
import { z } from "zod/v4";
import type { Human } from "../../../core/domain/identity.js";
import { ErrorCodes, isPimError } from "../../../core/errors.js";
import { RequestActionSchema, ReviewActionSchema } from "../../shared/actions.js";
import type { ChatReply } from "../../shared/replies.js";
import type { ConversationPlace } from "../activity/teams-activity.js";
import type { TeamsCopy } from "../conversations/posted-copies.js";
import { cardActivity } from "../delivery/card-activity.js";
import type { SubjectRef } from "../render/actions.js";
import { renderFormCard } from "../render/form-card.js";
import { SHORTCUTS } from "../render/help-card.js";
import { renderReplyCard } from "../render/reply-card.js";
import { renderRequestCard } from "../render/request-card.js";
import { renderReviewCard } from "../render/review-card.js";
import type { AdaptiveCardJson } from "../render/templates.js";
import { renderTextCard } from "../render/text-card.js";
import type { CardNote } from "../render/text.js";
import { actionPayload, formValues } from "./card-input.js";
import type { TeamsBotDeps } from "./deps.js";
import { actionErrorAnswer, answerInvoke, cardAnswer, messageAnswer } from "./invoke-response.js";
import { audienceOf } from "./reply-copies.js";
import { identifyParty } from "./turn-party.js";

const UniversalAction = z.object({
  action: z.looseObject({
    type: z.literal("Action.Execute"),
    verb: z.string().min(1).max(40),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

const Subject = z.union([
  z.object({ requestId: z.string().regex(/^req_[A-Za-z0-9]{1,64}$/) }).strict(),
  z.object({ reviewItemId: z.string().regex(/^rv_[A-Za-z0-9]{1,64}$/) }).strict(),
]);

const CORE_VERBS = new Set<string>([...RequestActionSchema.shape.verb.options, ...ReviewActionSchema.shape.verb.options]);
const COMMANDS = new Set<string>(SHORTCUTS.map((s) => s.command));

interface ActionTurn {
  context: TurnContext;
  deps: TeamsBotDeps;
  human: Human;
  place: ConversationPlace;
  data: Record<string, unknown>;
  /** The copy the button was on, when the bot posted it as a tracked copy. */
  copy?: TeamsCopy;
}

/**
 * `adaptiveCard/action` (Universal Actions): answered in the same HTTP response with the acting
 * person's refreshed card and a note. Refusals are cards that say why; only a malformed action gets
 * an error. Card data is never trusted: the flows re-check everything in the core, and the outbox
 * does the Graph work after this answer.
 */
export async function onCardAction(context: TurnContext, deps: TeamsBotDeps): Promise<void> {
  const parsed = UniversalAction.safeParse(context.activity.value);
  if (!parsed.success) {
    await answerInvoke(context, actionErrorAnswer(400, ErrorCodes.VALIDATION_FAILED, "This card action is malformed; nothing was changed."));
    return;
  }
  const { verb } = parsed.data.action;
  const data = parsed.data.action.data ?? {};
  const party = await identifyParty(context, deps);
  if (!party.human) {
    await answerInvoke(context, cardAnswer(renderReplyCard(deps.flows.unknownUser())));
    return;
  }
  const replyToId = context.activity.replyToId;
  const copy = replyToId ? await deps.copies.at(party.place.conversationId, replyToId) : undefined;
  const turn: ActionTurn = { context, deps, human: party.human, place: party.place, data, copy };
  await answerInvoke(context, await dispatch(verb, turn));
}

async function dispatch(verb: string, t: ActionTurn) {
  switch (verb) {
    case "refresh":
    case "showDetails":
      return withSubject(t, (subject) => viewCard(t, subject, { expanded: verb === "showDetails" }).then(cardAnswer));
    case "open":
      return withSubject(t, async (subject) => {
        openBelow(t, subject);
        return messageAnswer("Opened below.");
      });
    case "command":
      return runCommand(t);
    case "submitForm":
      return submitForm(t);
    default:
      if (!CORE_VERBS.has(verb)) return actionErrorAnswer(400, ErrorCodes.VALIDATION_FAILED, `"${verb.slice(0, 40)}" is not an action this bot knows; nothing was changed.`);
      return act(t, verb);
  }
}

async function withSubject(t: ActionTurn, fn: (subject: SubjectRef) => Promise<ReturnType<typeof cardAnswer>>) {
  const subject = Subject.safeParse(t.data);
  if (!subject.success) return actionErrorAnswer(400, ErrorCodes.VALIDATION_FAILED, "This card action does not name a request or review item; nothing was changed.");
  try {
    return await fn(subject.data);
  } catch (e) {
    if (!isPimError(e)) throw e;
    return cardAnswer(renderTextCard({ text: e.message, tone: "attention", refused: true }));
  }
}

/** The card as this person should see it now, on the copy they pressed. */
async function viewCard(t: ActionTurn, subject: SubjectRef, o: { note?: CardNote; expanded?: boolean } = {}): Promise<AdaptiveCardJson> {
  const headline = t.copy?.data.headline;
  if (t.copy?.data.audience === "security" && "requestId" in subject) {
    return renderRequestCard(await t.deps.flows.securityChannelView(subject.requestId), { headline, ...o });
  }
  return t.deps.renderer.forViewer(subject, t.human.id, { headline, ...o });
}

/** "Open" on a list: the full card as a new message, after the answer (which must be quick). */
function openBelow(t: ActionTurn, subject: SubjectRef): void {
  const { deps, human, place } = t;
  deps.background.run("open card", async () => {
    const audience = audienceOf(place);
    const card = await deps.renderer.forCopy({ subject, recipient: { humanId: human.id }, audience });
    const target = { serviceUrl: place.serviceUrl, conversationId: place.conversationId, tenantId: place.tenantId, kind: place.kind };
    const id = await deps.sender.send(target, cardActivity(card));
    await deps.copies.record(subject, { humanId: human.id }, place.conversationId, id, { audience, serviceUrl: place.serviceUrl, tenantId: place.tenantId });
  });
}

async function runCommand(t: ActionTurn) {
  const command = typeof t.data.command === "string" ? t.data.command : "";
  if (!COMMANDS.has(command) || Object.keys(t.data).length !== 1) return actionErrorAnswer(400, ErrorCodes.VALIDATION_FAILED, "This shortcut is not one the bot offers; nothing was changed.");
  return cardAnswer(renderReplyCard(await t.deps.flows.command(t.human, command, "teams")));
}

/** The in-chat form card: errors come back in the same card; success turns it into the request card. */
async function submitForm(t: ActionTurn) {
  const form = t.data.form;
  if (form !== "request" && form !== "emergency") return actionErrorAnswer(400, ErrorCodes.VALIDATION_FAILED, "This form is not one the bot offers; nothing was changed.");
  const values = formValues(t.data);
  const reply = form === "request" ? await t.deps.flows.submitRequestForm(t.human, values, "teams") : await t.deps.flows.submitEmergencyForm(t.human, values, "teams");
  if (reply.type === "form") return cardAnswer(renderFormCard(reply.form));
  if (reply.type !== "request") return cardAnswer(renderReplyCard(reply));
  const subject = { requestId: reply.view.requestId };
  const messageId = t.context.activity.replyToId;
  const audience = audienceOf(t.place);
  if (messageId) {
    // The form message now shows the request: track it as that copy, claimed like the notice it replaces.
    const target = { serviceUrl: t.place.serviceUrl, conversationId: t.place.conversationId, tenantId: t.place.tenantId, kind: t.place.kind };
    await t.deps.notifier.postOnce({ subject, recipient: { humanId: t.human.id }, audience, headline: reply.note ?? "", kind: "request_status" }, target, async () => messageId);
  }
  return cardAnswer(await t.deps.renderer.forCopy({ subject, recipient: { humanId: t.human.id }, audience, headline: reply.note }));
}

async function act(t: ActionTurn, verb: string) {
  const reply = await t.deps.flows.act(t.human, actionPayload(verb, t.data));
  if (reply.type === "error" && reply.code === ErrorCodes.VALIDATION_FAILED && !reply.current) {
    return actionErrorAnswer(400, ErrorCodes.VALIDATION_FAILED, `${reply.message} Nothing was changed.`);
  }
  return cardAnswer(await answerCard(t, reply));
}

async function answerCard(t: ActionTurn, reply: ChatReply): Promise<AdaptiveCardJson> {
  const headline = t.copy?.data.headline;
  const security = t.copy?.data.audience === "security";
  if (reply.type === "request") {
    const note = { text: reply.note ?? "Done.", tone: "good" as const };
    if (security) return renderRequestCard(await t.deps.flows.securityChannelView(reply.view.requestId), { headline, note });
    return renderRequestCard(reply.view, { headline, note });
  }
  if (reply.type === "review") return renderReviewCard(reply.view, { headline, note: { text: reply.note ?? "Done.", tone: "good" } });
  if (reply.type !== "error") return renderReplyCard(reply);
  // Refused: show why, on the card as it is now for this person (their buttons, if any are left).
  const note = { text: reply.message, tone: "attention" as const, refused: true };
  const subject = Subject.safeParse({ ...(typeof t.data.requestId === "string" ? { requestId: t.data.requestId } : {}), ...(typeof t.data.reviewItemId === "string" ? { reviewItemId: t.data.reviewItemId } : {}) });
  if (subject.success) {
    try {
      return await viewCard(t, subject.data, { note });
    } catch (e) {
      if (!isPimError(e)) throw e;
    }
  }
  return renderTextCard({ text: reply.message, tone: "attention", refused: true });
}
