import { z } from "zod/v4";
import { addMinutes, formatMinutes } from "../domain/duration.js";
import { GRANT_KINDS } from "../domain/entitlement.js";
import { IDENTITY_TYPES } from "../domain/identity.js";
import { OPEN_STATES, type AccessRequest } from "../domain/request.js";
import { ErrorCodes, PolicyViolationError } from "../errors.js";
import { resolveStages } from "../policy/approvers.js";
import { findAutoApproval } from "../policy/auto-approve.js";
import { effectiveRules } from "../policy/effective.js";
import { peopleFrom } from "../policy/people.js";
import { checkRequest } from "../policy/request-checks.js";
import { formatInstant, joinNames } from "../views/format.js";
import type { PersonRef, RequestView } from "../views/types.js";
import { ChangeSet } from "./shared/changes.js";
import { auditSubject, findEntitlement, loadHuman } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { parseInput } from "./shared/input.js";
import { Notices } from "./shared/notices.js";
import { requestViewFor } from "./shared/views.js";

export const SubmitRequestInput = z
  .object({
    requesterHumanId: z.string().min(1),
    entitlement: z.string().trim().min(1, "choose an entitlement").max(200),
    identityType: z.enum(IDENTITY_TYPES).optional(),
    grantKind: z.enum(GRANT_KINDS).optional(),
    durationMinutes: z.number().int().positive().max(366 * 1440).optional(),
    justification: z.string().max(2000, "keep the justification under 2000 characters"),
    ticket: z.string().trim().max(64).optional(),
    source: z.enum(["teams", "slack", "api", "cli", "review", "system"]),
    callbackUrl: z.url().optional(),
    /** Validate and preview (approvers, auto-approval) without writing anything. */
    dryRun: z.boolean().optional(),
  })
  .strict();
export type SubmitRequestInput = z.input<typeof SubmitRequestInput>;

export interface SubmitRequestResult {
  request: AccessRequest;
  view: RequestView;
  approvers: PersonRef[];
  autoApproved?: string;
  dryRun: boolean;
  message: string;
}

export async function submitRequest(deps: CoreDeps, raw: SubmitRequestInput): Promise<SubmitRequestResult> {
  const input = parseInput(SubmitRequestInput, raw);
  const { store, policy, clock, ids } = deps;
  const requester = await loadHuman(store, input.requesterHumanId);
  if (!requester.active) {
    throw new PolicyViolationError(ErrorCodes.NOT_ALLOWED, "Your account is not active, so you cannot request access.", { field: "user" });
  }
  const entitlement = await findEntitlement(store, input.entitlement);
  if (entitlement.retiredAt) {
    throw new PolicyViolationError(ErrorCodes.NOT_REQUESTABLE, `${entitlement.displayName} no longer exists in the directory, so it cannot be requested.`, { field: "entitlement" });
  }
  if (!entitlement.requestable) {
    throw new PolicyViolationError(
      ErrorCodes.NOT_REQUESTABLE,
      `${entitlement.displayName} cannot be requested here; it is assigned by its owner or the platform team.`,
      { field: "entitlement" },
    );
  }
  const rules = effectiveRules(policy, entitlement);
  const identities = await store.find("identities", { humanId: requester.id });
  const checked = checkRequest(requester, identities, entitlement, rules, input);

  const existing = (await store.find("requests", { identityId: checked.identity.id, entitlementId: entitlement.id })).find((r) => OPEN_STATES.includes(r.state));
  if (existing) {
    const what = existing.state === "active" ? `you already hold it until ${formatInstant(existing.endAt)}; use Extend instead` : `request ${existing.id} is already ${existing.state.replace("_", " ")}`;
    throw new PolicyViolationError(ErrorCodes.DUPLICATE_REQUEST, `${entitlement.displayName} for ${checked.identity.userPrincipalName}: ${what}.`, {
      field: "entitlement",
      existingRequestId: existing.id,
    });
  }

  const now = clock.now();
  const nowIso = now.toISOString();
  const autoApproval = findAutoApproval({ policy, requester, entitlement, grantKind: checked.grantKind, durationMinutes: checked.durationMinutes, now });
  const pendingSame = await store.find("requests", { entitlementId: entitlement.id, state: "pending" });
  const humans = await store.find("humans");
  const people = peopleFrom(humans);
  const stages = autoApproval
    ? []
    : resolveStages({ policy, rules, entitlement, requester, people, conflictedHumanIds: new Set(pendingSame.map((r) => r.requesterHumanId)) });

  const id = ids.next("request");
  let request: AccessRequest = {
    id,
    version: 0,
    kind: "standard",
    source: input.source,
    state: "pending",
    requesterHumanId: requester.id,
    identityId: checked.identity.id,
    identityType: checked.identity.type,
    entitlementId: entitlement.id,
    grantKind: checked.grantKind,
    durationMinutes: checked.durationMinutes,
    justification: checked.justification,
    ticket: checked.ticket,
    createdAt: nowIso,
    updatedAt: nowIso,
    stages,
    currentStage: 0,
    decisions: [],
    escalationLevel: 0,
    provisioning: { attempts: 0, graphRequestIds: [] },
    history: [{ from: null, to: "pending", at: nowIso, actor: requester.id }],
    correlationId: ids.next("correlation"),
    callbackUrl: input.callbackUrl,
  };
  if (autoApproval) {
    request = {
      ...request,
      state: "approved",
      autoApproval,
      history: [...request.history, { from: "pending", to: "approved", at: nowIso, actor: "system:policy", reason: autoApproval.reason }],
    };
  } else {
    const a = rules.approval;
    request = {
      ...request,
      approvalDeadlineAt: addMinutes(now, a.deadlineHours * 60),
      nextReminderAt: addMinutes(now, a.reminderEveryHours * 60),
      escalateAt: addMinutes(now, a.escalateAfterHours * 60),
    };
  }

  const ctx = { request, entitlement, identity: checked.identity, requester };
  const approvers = (stages[0]?.approvers ?? []).map((a) => ({ humanId: a.humanId, name: people.byId(a.humanId)?.displayName ?? a.humanId }));
  const message = autoApproval
    ? `Approved automatically (${autoApproval.reason}). Applying ${entitlement.displayName} now…`
    : `Request sent. ${stages[0]?.name ?? "Approval"}: waiting for ${joinNames(approvers.map((a) => a.name))}.`;
  if (input.dryRun) {
    return { request, view: await requestViewFor(deps, ctx, requester.id), approvers, autoApproved: autoApproval?.reason, dryRun: true, message };
  }

  const subject = auditSubject(ctx);
  const changes = new ChangeSet(deps).put("requests", request);
  changes.record({
    ...subject,
    action: "Request",
    actor: requester.id,
    message: `${requester.displayName} requested ${request.grantKind} ${entitlement.code} for ${formatMinutes(request.durationMinutes)}: ${request.justification}`,
    details: { source: input.source, ticket: request.ticket, stages: stages.map((s) => ({ name: s.name, required: s.required, approvers: s.approvers.map((x) => x.humanId) })) },
  });
  if (autoApproval) {
    changes.record({ ...subject, action: "Approve", actor: "system:policy", message: `Auto-approved by rule ${autoApproval.rule}: ${autoApproval.reason}` });
    changes.provision(request, "grant");
    changes.notify(request.correlationId, [Notices.toRequester(ctx, message)]);
  } else {
    changes.notify(request.correlationId, [...Notices.approvalNeeded(ctx, approvers.map((a) => a.humanId)), Notices.toRequester(ctx, message)]);
  }
  await changes.commit();
  const stored = { ...request, version: 1 };
  return {
    request: stored,
    view: await requestViewFor(deps, { ...ctx, request: stored }, requester.id),
    approvers,
    autoApproved: autoApproval?.reason,
    dryRun: false,
    message,
  };
}
