import type { RequestView, StageView } from "../../../core/views/types.js";
import { actionModels, type DirectActionModel } from "./actions.js";
import { fitted } from "./fit.js";
import { expandCard, type AdaptiveCardJson } from "./templates.js";
import { clip, colorOf, noteModel, styleOf, userText, type CardNote } from "./text.js";

export interface RequestCardOptions {
  /** Why this copy was sent ("Marcus approved your request…"); kept on top whenever it is re-rendered. */
  headline?: string;
  note?: CardNote;
  /** Teams user ids (29:…) whose client fetches their own view of this card (`refresh.userIds`, ≤ 60). */
  refreshUserIds?: readonly string[];
  /** Show the whole justification (the "Show details" answer). */
  expanded?: boolean;
  /** A shared copy showing only the state: offer everyone a button to fetch their own view. */
  offerMyView?: boolean;
}

/** Teams accepts at most 60 user ids in `refresh.userIds`. */
export const MAX_REFRESH_USERS = 60;

interface Limits {
  justification: number;
  fact: number;
  summary: number;
}

const LEVELS: readonly Limits[] = [
  { justification: 600, fact: 300, summary: 600 },
  { justification: 200, fact: 120, summary: 200 },
];

function stageText(s: StageView): { text: string; color: string } {
  const need = s.required > 1 ? ` (any ${s.required})` : "";
  if (s.status === "done") {
    const by = s.approvedBy.map((a) => a.name).join(", ");
    return { text: `✅ ${s.name}${by ? `: approved by ${by}` : ""}`, color: "Good" };
  }
  if (s.status === "current") {
    const who = s.waitingFor.map((p) => p.name).join(", ");
    return { text: `⏳ ${s.name}${need}${who ? `: waiting for ${who}` : ""}`, color: "Accent" };
  }
  return { text: `• ${s.name}${need}: later`, color: "Default" };
}

/** The request/approval card: the neutral view for one viewer, rendered as Adaptive Card 1.5. */
export function renderRequestCard(view: RequestView, o: RequestCardOptions = {}): AdaptiveCardJson {
  return fitted(LEVELS, (limits) => expandCard("request", requestCardModel(view, o, limits)));
}

/** The data `cards/request.json` is expanded with (also what `cards/samples/request.json` holds). */
export function requestCardModel(view: RequestView, o: RequestCardOptions = {}, limits: Limits = LEVELS[0] as Limits) {
  const subject = { requestId: view.requestId };
  const full = o.expanded ? userText(view.justification, 2000) : userText(view.justification, limits.justification);
  const { directActions, inputActions } = actionModels(view.actions, subject, view.version);
  const extra: DirectActionModel[] = [];
  if (!o.expanded && view.justification.trim().length > limits.justification) extra.push({ title: "Show details", verb: "showDetails", data: subject, style: "default" });
  if (o.offerMyView) extra.push({ title: "Show my options", verb: "refresh", data: subject, style: "default" });
  const userIds = (o.refreshUserIds ?? []).slice(0, MAX_REFRESH_USERS);
  const code = view.entitlement.code !== view.entitlement.displayName ? `${view.entitlement.code} · ` : "";
  return {
    subjectId: view.requestId,
    hasRefresh: userIds.length > 0,
    refresh: { data: subject, userIds },
    headline: clip(o.headline, 400),
    style: styleOf(view.tone),
    title: clip(view.title, 200),
    subtitle: `${code}${view.entitlement.type}${view.entitlement.privileged ? " · privileged" : ""}`,
    stateLabel: view.stateLabel,
    stateColor: colorOf(view.tone),
    summary: clip(view.summary, limits.summary),
    facts: view.facts.map((f) => ({ label: f.label, value: userText(f.value, limits.fact) })),
    justification: full || "–",
    stages: view.stages.map(stageText),
    outcome: userText(view.outcome, limits.summary),
    outcomeColor: colorOf(view.tone),
    note: noteModel(o.note),
    directActions: [...directActions, ...extra],
    inputActions,
  };
}
