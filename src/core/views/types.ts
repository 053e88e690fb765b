import type { EntitlementType, GrantKind } from "../domain/entitlement.js";
import type { IdentityType } from "../domain/identity.js";
import type { RequestState } from "../domain/request.js";
import type { ReviewDecisionKind, ReviewItemState } from "../domain/review.js";

/** Neutral view models: what a channel renders. Renderers are pure functions of these. */
export interface PersonRef {
  humanId: string;
  name: string;
}

export interface FactView {
  label: string;
  value: string;
}

export type Tone = "neutral" | "accent" | "good" | "warning" | "attention";

export type RequestActionId = "approve" | "deny" | "cancel" | "extend" | "release" | "acknowledge" | "retry";
export type ReviewActionId = "keep" | "remove" | "reassign" | "comment";

export interface ActionView<Id extends string = string> {
  id: Id;
  label: string;
  style: "positive" | "destructive" | "default";
  /** The action asks for free text first (deny reason, comment, removal reason). */
  needsText?: { label: string; required: boolean; minLength: number };
  /** The action asks to pick one value first (extension length, reassignment target). */
  choices?: { label: string; options: { value: string; label: string }[] };
}

export interface StageView {
  name: string;
  required: number;
  status: "done" | "current" | "upcoming";
  approvedBy: { name: string; at: string }[];
  waitingFor: PersonRef[];
}

export type ViewerRole = "requester" | "approver" | "security" | "observer";

export interface RequestView {
  type: "request";
  requestId: string;
  version: number;
  emergency: boolean;
  title: string;
  summary: string;
  state: RequestState;
  stateLabel: string;
  tone: Tone;
  requester: PersonRef;
  identity: { userPrincipalName: string; type: IdentityType };
  entitlement: { id: string; code: string; displayName: string; type: EntitlementType; privileged: boolean };
  grantKind: GrantKind;
  durationLabel: string;
  justification: string;
  ticket?: string;
  facts: FactView[];
  stages: StageView[];
  /** One sentence on how it was decided or ended ("Approved by Marcus Lindqvist, Mon 23 Nov 2026, 14:05 UTC"). */
  outcome?: string;
  window?: { startAt: string; endAt: string };
  /** Humans who may decide now; channels use it for per-user card views (Teams refresh.userIds). */
  mayDecide: string[];
  viewer: { humanId?: string; role: ViewerRole };
  actions: ActionView<RequestActionId>[];
  updatedAt: string;
}

export interface ReviewView {
  type: "review";
  reviewItemId: string;
  version: number;
  kind: "campaign" | "emergency_retro";
  title: string;
  summary: string;
  state: ReviewItemState;
  stateLabel: string;
  tone: Tone;
  subject: PersonRef;
  reviewer: PersonRef;
  entitlement: { code: string; displayName: string; privileged: boolean };
  identity: { userPrincipalName: string; type: IdentityType };
  facts: FactView[];
  recommendation: { decision: "keep" | "remove"; reason: string };
  decision?: string;
  comments: { by: string; text: string; at: string }[];
  dueAt: string;
  viewer: { humanId?: string; role: "reviewer" | "observer" };
  actions: ActionView<ReviewActionId>[];
}

export interface ListItemView {
  id: string;
  title: string;
  subtitle: string;
  stateLabel: string;
  tone: Tone;
  /** Actions available on the item for the viewer (e.g. Extend / Release on my access). */
  actions: ActionView<RequestActionId | ReviewActionId | "open">[];
  version: number;
}

export interface ListView {
  type: "list";
  title: string;
  emptyText: string;
  items: ListItemView[];
  /** How many matched in total when `items` was cut short. */
  total: number;
}

export interface CatalogOptionView {
  entitlementId: string;
  code: string;
  displayName: string;
  type: EntitlementType;
  privileged: boolean;
  requestable: boolean;
  /** Why this person cannot request it (shown instead of hiding it). */
  reason?: string;
  /** The account it would be granted to, e.g. "azz_12345@contoso.com". */
  identityHint?: string;
  grantKinds: GrantKind[];
  defaultGrantKind: GrantKind;
  defaultMinutes: number;
  maxMinutes: number;
  ticketRequired: boolean;
  ticketPattern: string;
  justificationMinLength: number;
}

export type { ReviewDecisionKind };
