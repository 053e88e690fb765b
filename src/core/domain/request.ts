import type { GrantKind } from "./entitlement.js";
import type { IdentityType } from "./identity.js";

export const REQUEST_STATES = [
  "draft",
  "pending",
  "approved",
  "provisioning",
  "active",
  "expired",
  "revoked",
  "denied",
  "cancelled",
  "timed_out",
  "failed",
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** Every legal move of the request lifecycle; anything not listed here is refused. */
export const TRANSITIONS: Readonly<Record<RequestState, readonly RequestState[]>> = {
  draft: ["pending", "cancelled"],
  pending: ["approved", "denied", "cancelled", "timed_out"],
  approved: ["provisioning"],
  provisioning: ["active", "failed"],
  active: ["expired", "revoked"],
  failed: ["provisioning", "cancelled"],
  expired: [],
  revoked: [],
  denied: [],
  cancelled: [],
  timed_out: [],
};

export const TERMINAL_STATES: readonly RequestState[] = ["expired", "revoked", "denied", "cancelled", "timed_out"];
/** States in which the request still occupies the entitlement (a second request would be a duplicate). */
export const OPEN_STATES: readonly RequestState[] = ["draft", "pending", "approved", "provisioning", "active", "failed"];

export function canTransition(from: RequestState, to: RequestState): boolean {
  return TRANSITIONS[from].includes(to);
}

export type RequestKind = "standard" | "emergency";
export type RequestSource = "teams" | "slack" | "api" | "cli" | "review" | "system";

export type ApproverSource = "manager" | "owner" | "deputy" | "group" | "securityOwner" | "escalation";

export interface StageApprover {
  humanId: string;
  source: ApproverSource;
}

export interface ApprovalStage {
  name: string;
  required: number;
  approvers: StageApprover[];
}

export interface Decision {
  stage: number;
  actorHumanId: string;
  verdict: "approve" | "deny";
  reason?: string;
  at: string;
}

export interface Transition {
  from: RequestState | null;
  to: RequestState;
  at: string;
  actor: string;
  reason?: string;
}

export interface AutoApproval {
  rule: string;
  reason: string;
}

export interface ProvisioningState {
  attempts: number;
  lastError?: { code: string; message: string; graphCode?: string; graphRequestId?: string; at: string };
  graphRequestIds: string[];
  /** Set while an extension waits to be applied; becomes `endAt` when Graph confirms. */
  pendingEndAt?: string;
}

/**
 * An access request and the grant it leads to. `version` is bumped on every write and is the
 * compare-and-swap token: two deciders racing on one version produce exactly one transition.
 */
export interface AccessRequest {
  id: string;
  version: number;
  kind: RequestKind;
  source: RequestSource;
  state: RequestState;
  requesterHumanId: string;
  identityId: string;
  identityType: IdentityType;
  entitlementId: string;
  grantKind: GrantKind;
  durationMinutes: number;
  justification: string;
  ticket?: string;
  createdAt: string;
  updatedAt: string;
  stages: ApprovalStage[];
  currentStage: number;
  decisions: Decision[];
  autoApproval?: AutoApproval;
  approvalDeadlineAt?: string;
  nextReminderAt?: string;
  escalateAt?: string;
  escalationLevel: number;
  startAt?: string;
  endAt?: string;
  expiringNoticeSentAt?: string;
  /** Emergency grants: the security owner who acknowledged the alert. */
  acknowledgement?: { byHumanId: string; at: string };
  /** Emergency grants: the retrospective review item. */
  reviewItemId?: string;
  revocation?: { byActor: string; at: string; reason: string };
  provisioning: ProvisioningState;
  history: Transition[];
  correlationId: string;
  callbackUrl?: string;
}

/** Who decided the request's outcome, for "already decided by X at T" answers. */
export function finalDecision(req: AccessRequest): Decision | undefined {
  const deny = req.decisions.find((d) => d.verdict === "deny");
  if (deny) return deny;
  if (req.state === "pending" || req.state === "draft") return undefined;
  return req.decisions.filter((d) => d.verdict === "approve").at(-1);
}

export function currentApprovers(req: AccessRequest): StageApprover[] {
  return req.stages[req.currentStage]?.approvers ?? [];
}

export function approvalsInStage(req: AccessRequest, stage: number): Decision[] {
  return req.decisions.filter((d) => d.stage === stage && d.verdict === "approve");
}
