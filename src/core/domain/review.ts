/** A question to a reviewer: should this identity keep this entitlement? */
export const REVIEW_DECISIONS = ["keep", "remove", "reassign", "comment"] as const;
export type ReviewDecisionKind = (typeof REVIEW_DECISIONS)[number];

export type ReviewItemKind = "campaign" | "emergency_retro";
export type ReviewItemState = "open" | "decided" | "closed";

export interface ReviewEvidence {
  grantedAt?: string;
  requestId?: string;
  justification?: string;
  lastActivationAt?: string;
  lastSignInAt?: string;
  inactiveDays?: number;
  recommendation: "keep" | "remove";
  recommendationReason: string;
}

export interface ReviewComment {
  byHumanId: string;
  text: string;
  at: string;
}

export interface ReviewItem {
  id: string;
  version: number;
  kind: ReviewItemKind;
  campaignId?: string;
  state: ReviewItemState;
  reviewerHumanId: string;
  fallbackReviewerHumanId?: string;
  subjectHumanId: string;
  identityId: string;
  entitlementId: string;
  grantId?: string;
  requestId?: string;
  evidence: ReviewEvidence;
  createdAt: string;
  dueAt: string;
  decision?: { kind: Exclude<ReviewDecisionKind, "comment">; byHumanId: string; at: string; reason?: string; reassignedToHumanId?: string };
  comments: ReviewComment[];
  correlationId: string;
}
