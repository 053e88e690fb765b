import { z } from "zod/v4";
import { addMinutes, formatMinutes } from "../domain/duration.js";
import type { Human } from "../domain/identity.js";
import { OPEN_STATES, type AccessRequest } from "../domain/request.js";
import type { ReviewItem } from "../domain/review.js";
import { ErrorCodes, PolicyViolationError } from "../errors.js";
import { effectiveRules } from "../policy/effective.js";
import { checkEmergency } from "../policy/emergency.js";
import { peopleFrom, type People } from "../policy/people.js";
import { chooseIdentity } from "../policy/request-checks.js";
import type { Policy } from "../policy/schema.js";
import { formatInstant } from "../views/format.js";
import type { RequestView } from "../views/types.js";
import { ChangeSet } from "./shared/changes.js";
import { auditSubject, findEntitlement, loadHuman } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { parseInput } from "./shared/input.js";
import { Notices } from "./shared/notices.js";
import { requestViewFor } from "./shared/views.js";

export const EmergencyInput = z
  .object({
    requesterHumanId: z.string().min(1),
    entitlement: z.string().trim().min(1, "choose an entitlement").max(200),
    incident: z.string().trim().max(64),
    minutes: z.number().int().positive().max(24 * 60).optional(),
    justification: z.string().trim().max(2000).optional(),
    source: z.enum(["teams", "slack", "api", "cli", "system"]),
  })
  .strict();
export type EmergencyInput = z.input<typeof EmergencyInput>;

export interface EmergencyResult {
  request: AccessRequest;
  reviewItem: ReviewItem;
  view: RequestView;
  message: string;
}

/** The second person who reviews a break-glass grant afterwards: never the requester. */
export function emergencyReviewer(policy: Policy, people: People, requester: Human): { reviewer: Human; fallback?: Human } {
  const owners = policy.securityOwners.staffIds.map((s) => people.byStaffId(s)).filter((h): h is Human => !!h && h.active && h.id !== requester.id);
  const manager = requester.managerHumanId ? people.byId(requester.managerHumanId) : undefined;
  const first = policy.emergency.reviewer === "manager" && manager?.active && manager.id !== requester.id ? manager : owners[0];
  if (!first) {
    throw new PolicyViolationError(ErrorCodes.NO_APPROVERS, "Nobody but you could review this emergency grant afterwards; the policy needs at least one other security owner.");
  }
  return { reviewer: first, fallback: owners.find((o) => o.id !== first.id) };
}

/** Break-glass: granted at once, time-boxed, incident mandatory, announced and reviewed afterwards. */
export async function requestEmergency(deps: CoreDeps, raw: EmergencyInput): Promise<EmergencyResult> {
  const input = parseInput(EmergencyInput, raw);
  const { store, policy, clock, ids } = deps;
  const requester = await loadHuman(store, input.requesterHumanId);
  const entitlement = await findEntitlement(store, input.entitlement);
  const checked = checkEmergency(policy, requester, entitlement, { incident: input.incident, minutes: input.minutes, justification: input.justification });
  const rules = effectiveRules(policy, entitlement);
  const identities = await store.find("identities", { humanId: requester.id });
  const { identity, issue } = chooseIdentity(requester, identities, entitlement, rules);
  if (!identity) throw new PolicyViolationError(issue?.code ?? ErrorCodes.IDENTITY_NOT_ALLOWED, issue?.message ?? "No account can receive this.", { field: "identity", issues: issue ? [issue] : [] });
  const open = (await store.find("requests", { identityId: identity.id, entitlementId: entitlement.id })).find((r) => OPEN_STATES.includes(r.state));
  if (open) {
    throw new PolicyViolationError(ErrorCodes.DUPLICATE_REQUEST, `${identity.userPrincipalName} already has ${entitlement.displayName} (request ${open.id}, ${open.state}).`, { field: "entitlement", existingRequestId: open.id });
  }

  const people = peopleFrom(await store.find("humans"));
  const { reviewer, fallback } = emergencyReviewer(policy, people, requester);
  const now = clock.now();
  const at = now.toISOString();
  const requestId = ids.next("request");
  const reviewId = ids.next("review");
  const correlationId = ids.next("correlation");
  const request: AccessRequest = {
    id: requestId,
    version: 0,
    kind: "emergency",
    source: input.source,
    state: "approved",
    requesterHumanId: requester.id,
    identityId: identity.id,
    identityType: identity.type,
    entitlementId: entitlement.id,
    grantKind: "active",
    durationMinutes: checked.minutes,
    justification: checked.justification,
    ticket: checked.incident,
    createdAt: at,
    updatedAt: at,
    stages: [],
    currentStage: 0,
    decisions: [],
    escalationLevel: 0,
    provisioning: { attempts: 0, graphRequestIds: [] },
    history: [
      { from: null, to: "pending", at, actor: requester.id },
      { from: "pending", to: "approved", at, actor: "system:emergency", reason: `break-glass for incident ${checked.incident}` },
    ],
    correlationId,
    reviewItemId: reviewId,
  };
  const reviewItem: ReviewItem = {
    id: reviewId,
    version: 0,
    kind: "emergency_retro",
    state: "open",
    reviewerHumanId: reviewer.id,
    fallbackReviewerHumanId: fallback?.id,
    subjectHumanId: requester.id,
    identityId: identity.id,
    entitlementId: entitlement.id,
    requestId,
    evidence: {
      requestId,
      justification: checked.justification,
      grantedAt: at,
      recommendation: "keep",
      recommendationReason: `Emergency use for incident ${checked.incident}: confirm it was needed and ended in time.`,
    },
    createdAt: at,
    dueAt: addMinutes(now, policy.emergency.reviewDueHours * 60),
    comments: [],
    correlationId,
  };
  const ctx = { request, entitlement, identity, requester };
  const subject = auditSubject(ctx);
  const until = formatInstant(addMinutes(now, checked.minutes));
  const message = `Emergency access to ${entitlement.displayName} for ${identity.userPrincipalName} is being applied now for ${formatMinutes(checked.minutes)} (about until ${until}). The security channel has been told and ${reviewer.displayName} will review it.`;
  await new ChangeSet(deps)
    .put("requests", request)
    .put("reviews", reviewItem)
    .record({ ...subject, action: "Emergency", actor: requester.id, message: `Break-glass ${entitlement.code} for ${formatMinutes(checked.minutes)}, incident ${checked.incident}: ${checked.justification}` })
    .record({ ...subject, action: "ReviewAssigned", actor: "system:emergency", message: `Retrospective review ${reviewId} assigned to ${reviewer.displayName}`, details: { reviewItemId: reviewId, reviewer: reviewer.id } })
    .provision(request, "grant")
    .notify(correlationId, [
      Notices.security(ctx, `🚨 ${requester.displayName} used emergency access: ${entitlement.displayName} for ${formatMinutes(checked.minutes)}, incident ${checked.incident}`),
      Notices.toRequester(ctx, message),
      Notices.reviewAssigned(reviewId, reviewer.id, `Please review ${requester.displayName}'s emergency use of ${entitlement.displayName} (incident ${checked.incident})`),
    ])
    .commit();
  const stored = { ...request, version: 1 };
  return { request: stored, reviewItem: { ...reviewItem, version: 1 }, view: await requestViewFor(deps, { ...ctx, request: stored }, requester.id), message };
}
