import type { Entitlement } from "../domain/entitlement.js";
import type { Human, Identity } from "../domain/identity.js";
import type { ReviewItem } from "../domain/review.js";
import { formatInstant } from "./format.js";
import type { ActionView, FactView, ReviewActionId, ReviewView } from "./types.js";

export interface ReviewViewInput {
  item: ReviewItem;
  entitlement: Entitlement;
  identity: Identity;
  humans: ReadonlyMap<string, Human>;
  /** People a reviewer may hand the item to (shown as choices for Reassign). */
  reassignCandidates: Human[];
  viewerHumanId?: string;
}

const name = (humans: ReadonlyMap<string, Human>, id: string) => humans.get(id)?.displayName ?? id;

export function mayReview(item: ReviewItem, humanId: string | undefined): boolean {
  return !!humanId && item.state === "open" && (item.reviewerHumanId === humanId || item.fallbackReviewerHumanId === humanId) && humanId !== item.subjectHumanId;
}

export function buildReviewView(input: ReviewViewInput): ReviewView {
  const { item, entitlement, identity, humans, viewerHumanId } = input;
  const e = item.evidence;
  const facts: FactView[] = [
    { label: "Holder", value: `${name(humans, item.subjectHumanId)} (${identity.userPrincipalName})` },
    { label: "Entitlement", value: `${entitlement.displayName}${entitlement.privileged ? " (privileged)" : ""}` },
  ];
  if (e.grantedAt) facts.push({ label: "Granted", value: formatInstant(e.grantedAt) });
  if (e.requestId) facts.push({ label: "By request", value: e.requestId });
  if (e.justification) facts.push({ label: "Justification", value: e.justification });
  facts.push({ label: "Last activation", value: e.lastActivationAt ? formatInstant(e.lastActivationAt) : "never seen" });
  if (e.lastSignInAt) facts.push({ label: "Last sign-in", value: formatInstant(e.lastSignInAt) });
  if (e.inactiveDays !== undefined) facts.push({ label: "Inactive", value: `${e.inactiveDays} days${e.inactiveDays >= 90 ? " ⚠️ 90+ days" : ""}` });
  facts.push({ label: "Review by", value: formatInstant(item.dueAt) });

  const actions: ActionView<ReviewActionId>[] = [];
  if (mayReview(item, viewerHumanId)) {
    actions.push({ id: "keep", label: "Keep", style: "positive" });
    actions.push({ id: "remove", label: "Remove", style: "destructive", needsText: { label: "Reason for removing", required: false, minLength: 0 } });
    const options = input.reassignCandidates.filter((h) => h.id !== viewerHumanId && h.id !== item.subjectHumanId).slice(0, 20).map((h) => ({ value: h.id, label: h.displayName }));
    if (options.length > 0) actions.push({ id: "reassign", label: "Reassign", style: "default", choices: { label: "Reassign to", options } });
    actions.push({ id: "comment", label: "Comment", style: "default", needsText: { label: "Comment", required: true, minLength: 2 } });
  }
  const d = item.decision;
  const decision = d
    ? d.kind === "reassign"
      ? `Reassigned to ${name(humans, d.reassignedToHumanId ?? "?")} by ${name(humans, d.byHumanId)}, ${formatInstant(d.at)}`
      : `${d.kind === "keep" ? "Kept" : "Removed"} by ${name(humans, d.byHumanId)}, ${formatInstant(d.at)}${d.reason ? `: ${d.reason}` : ""}`
    : undefined;
  const subject = name(humans, item.subjectHumanId);
  return {
    type: "review",
    reviewItemId: item.id,
    version: item.version,
    kind: item.kind,
    title: item.kind === "emergency_retro" ? `Emergency access review: ${subject}, ${entitlement.displayName}` : `Access review: ${subject}, ${entitlement.displayName}`,
    summary: item.kind === "emergency_retro"
      ? `${subject} used break-glass access to ${entitlement.displayName}. Confirm it was justified (Keep) or have it removed (Remove).`
      : `Should ${subject} keep ${entitlement.displayName}?`,
    state: item.state,
    stateLabel: item.state === "open" ? "Waiting for review" : decision ?? "Closed",
    tone: item.state === "open" ? (e.recommendation === "remove" ? "warning" : "accent") : d?.kind === "remove" ? "attention" : "good",
    subject: { humanId: item.subjectHumanId, name: subject },
    reviewer: { humanId: item.reviewerHumanId, name: name(humans, item.reviewerHumanId) },
    entitlement: { code: entitlement.code, displayName: entitlement.displayName, privileged: entitlement.privileged },
    identity: { userPrincipalName: identity.userPrincipalName, type: identity.type },
    facts,
    recommendation: { decision: e.recommendation, reason: e.recommendationReason },
    decision,
    comments: item.comments.map((c) => ({ by: name(humans, c.byHumanId), text: c.text, at: c.at })),
    dueAt: item.dueAt,
    viewer: { humanId: viewerHumanId, role: mayReview(item, viewerHumanId) ? "reviewer" : "observer" },
    actions,
  };
}
