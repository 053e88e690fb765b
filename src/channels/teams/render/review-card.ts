import type { ReviewView } from "../../../core/views/types.js";
import { actionModels, type DirectActionModel } from "./actions.js";
import { fitted } from "./fit.js";
import { expandCard, type AdaptiveCardJson } from "./templates.js";
import { clip, colorOf, noteModel, styleOf, userText, type CardNote } from "./text.js";

export interface ReviewCardOptions {
  headline?: string;
  note?: CardNote;
  refreshUserIds?: readonly string[];
  /** Show long evidence (the justification) and every comment in full. */
  expanded?: boolean;
}

interface Limits {
  fact: number;
  comments: number;
  comment: number;
}

const LEVELS: readonly Limits[] = [
  { fact: 400, comments: 5, comment: 400 },
  { fact: 120, comments: 2, comment: 120 },
];

/** An access review item (campaign or emergency retrospective) with Keep / Remove / Reassign / Comment. */
export function renderReviewCard(view: ReviewView, o: ReviewCardOptions = {}): AdaptiveCardJson {
  return fitted(LEVELS, (limits) => expandCard("review", reviewCardModel(view, o, limits)));
}

/** The data `cards/review.json` is expanded with. */
export function reviewCardModel(view: ReviewView, o: ReviewCardOptions = {}, limits: Limits = LEVELS[0] as Limits) {
  const subject = { reviewItemId: view.reviewItemId };
  const factMax = o.expanded ? 2000 : limits.fact;
  const commentsShown = o.expanded ? view.comments.slice(-20) : view.comments.slice(-limits.comments);
  const trimmed = view.facts.some((f) => f.value.trim().length > factMax) || view.comments.length > commentsShown.length || view.comments.some((c) => c.text.length > limits.comment);
  const { directActions, inputActions } = actionModels(view.actions, subject, view.version);
  const extra: DirectActionModel[] = trimmed && !o.expanded ? [{ title: "Show details", verb: "showDetails", data: subject, style: "default" }] : [];
  const userIds = (o.refreshUserIds ?? []).slice(0, 60);
  const remove = view.recommendation.decision === "remove";
  return {
    subjectId: view.reviewItemId,
    hasRefresh: userIds.length > 0,
    refresh: { data: subject, userIds },
    headline: clip(o.headline, 400),
    style: styleOf(view.tone),
    title: clip(view.title, 200),
    stateLabel: clip(view.stateLabel, 300),
    stateColor: colorOf(view.tone),
    summary: clip(view.summary, 600),
    facts: view.facts.map((f) => ({ label: f.label, value: userText(f.value, factMax) })),
    recommendation: `Recommendation: ${remove ? "remove" : "keep"}. ${clip(view.recommendation.reason, 300)}`,
    recommendationColor: remove ? "Warning" : "Default",
    comments: commentsShown.map((c) => ({ text: `${c.by}: ${userText(c.text, o.expanded ? 1000 : limits.comment)}` })),
    decision: userText(view.decision, 600),
    decisionColor: colorOf(view.tone),
    note: noteModel(o.note),
    directActions: [...directActions, ...extra],
    inputActions,
  };
}
