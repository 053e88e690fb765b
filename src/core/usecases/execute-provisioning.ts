import { addMinutes } from "../domain/duration.js";
import type { Grant } from "../domain/grant.js";
import type { RequestContext } from "../domain/request-context.js";
import { ErrorCodes, isPimError, ProvisioningError } from "../errors.js";
import type { ProvisionJobPayload } from "../ports/outbox.js";
import type { Provisioning, ProvisioningChange, ProvisioningResult } from "../ports/provisioning.js";
import { formatInstant } from "../views/format.js";
import { ChangeSet } from "./shared/changes.js";
import { auditSubject, loadRequestContext } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { Notices } from "./shared/notices.js";
import { transition } from "./shared/transition.js";

export interface ProvisioningDeps extends CoreDeps {
  provisioning: Provisioning;
}

export interface JobAttempt {
  jobId: string;
  attempt: number;
  maxAttempts: number;
  correlationId: string;
}

const ACTOR = "system:provisioning";

function changeFor(ctx: RequestContext, payload: ProvisionJobPayload): ProvisioningChange {
  const { request: r, entitlement, identity } = ctx;
  if (!identity.objectId || !entitlement.target) {
    throw new ProvisioningError(ErrorCodes.PROVISIONING_TARGET_UNKNOWN, `No directory object for ${identity.userPrincipalName} or ${entitlement.code}.`, false);
  }
  const justification = `${r.kind === "emergency" ? "EMERGENCY: " : ""}${r.justification}${r.ticket ? ` [${r.ticket}]` : ""} (pim-chatops ${r.id})`.slice(0, 500);
  const base = { kind: payload.grantKind, target: entitlement.target, principalId: identity.objectId };
  switch (payload.op) {
    case "grant":
      return { op: "grant", ...base, startAt: r.startAt as string, endAt: r.endAt as string, justification, ticket: r.ticket };
    case "remove":
      return { op: "remove", ...base, justification: `Ending access: ${r.state} (pim-chatops ${r.id})` };
    case "extend":
      return { op: "extend", ...base, endAt: r.provisioning.pendingEndAt ?? (r.endAt as string), justification };
  }
}

function describeError(e: unknown): { code: string; message: string; graphCode?: string; graphRequestId?: string; retryable: boolean } {
  if (e instanceof ProvisioningError) {
    return { code: e.code, message: e.message, graphCode: e.details.graphCode as string | undefined, graphRequestId: e.details.requestId as string | undefined, retryable: e.retryable };
  }
  if (isPimError(e)) return { code: e.code, message: e.message, retryable: false };
  return { code: ErrorCodes.PROVISIONING_FAILED, message: e instanceof Error ? e.message : String(e), retryable: true };
}

/**
 * Runs one provisioning job from the outbox. Safe to run again after a crash: the planned window is
 * stored before Graph is called, the call carries the job id as idempotency key, and Graph's
 * "already exists" answers count as success. Retryable failures are rethrown for the outbox to retry.
 */
export async function executeProvisioning(deps: ProvisioningDeps, payload: ProvisionJobPayload, attempt: JobAttempt): Promise<void> {
  let ctx = await loadRequestContext(deps.store, payload.requestId);
  const now = deps.clock.now();
  const at = now.toISOString();
  if (payload.op === "grant") {
    if (!["approved", "provisioning", "failed"].includes(ctx.request.state)) return;
    if (ctx.request.state !== "provisioning") {
      const planned = { ...transition(ctx.request, "provisioning", ACTOR, at), startAt: at, endAt: addMinutes(now, ctx.request.durationMinutes) };
      await new ChangeSet(deps).put("requests", planned).record({ ...auditSubject(ctx), action: "ProvisioningQueued", actor: ACTOR, message: `Applying ${payload.grantKind} ${ctx.entitlement.code} until ${planned.endAt}` }).commit();
      ctx = { ...ctx, request: { ...planned, version: planned.version + 1 } };
    }
  } else if (payload.op === "extend" && !ctx.request.provisioning.pendingEndAt) {
    return;
  }

  let result: ProvisioningResult;
  try {
    result = await deps.provisioning.apply(changeFor(ctx, payload), { correlationId: ctx.request.correlationId, idempotencyKey: attempt.jobId, actor: ACTOR });
  } catch (e) {
    await onFailure(deps, ctx, payload, attempt, e);
    return;
  }
  await onSuccess(deps, ctx, payload, result);
}

async function onSuccess(deps: ProvisioningDeps, ctx: RequestContext, payload: ProvisionJobPayload, result: ProvisioningResult): Promise<void> {
  const at = deps.clock.now().toISOString();
  const r = ctx.request;
  const subject = auditSubject(ctx);
  const graph = { graphRequestIds: result.graphRequestIds, outcome: result.outcome };
  const changes = new ChangeSet(deps);
  const provisioning = { ...r.provisioning, graphRequestIds: [...r.provisioning.graphRequestIds, ...result.graphRequestIds], lastError: undefined };
  if (payload.op === "grant") {
    const active = { ...transition(r, "active", ACTOR, at), provisioning };
    const grant: Grant = {
      id: `gr_${r.id}`, version: 0, requestId: r.id, humanId: r.requesterHumanId, identityId: r.identityId, entitlementId: r.entitlementId,
      kind: r.grantKind, state: "active", startAt: r.startAt as string, endAt: r.endAt as string, emergency: r.kind === "emergency", grantedAt: at,
    };
    const existing = await deps.store.get("grants", grant.id);
    changes.put("requests", active).put("grants", existing ? { ...grant, version: existing.version } : grant);
    changes.record({ ...subject, action: "EntitlementAdd", actor: ACTOR, message: `${r.grantKind} ${ctx.entitlement.code} granted until ${r.endAt} (${result.outcome})`, details: graph });
    const nctx = { ...ctx, request: active };
    const notices = [Notices.toRequester(nctx, `Your ${ctx.entitlement.displayName} access is ${r.grantKind === "eligible" ? "eligible (activate it in PIM)" : "active"} until ${formatInstant(r.endAt)}.`)];
    changes.notify(r.correlationId, notices, { requestIds: [r.id] });
  } else if (payload.op === "extend") {
    const endAt = r.provisioning.pendingEndAt as string;
    const extended = { ...r, endAt, updatedAt: at, expiringNoticeSentAt: undefined, provisioning: { ...provisioning, pendingEndAt: undefined } };
    changes.put("requests", extended);
    const grant = await deps.store.get("grants", `gr_${r.id}`);
    if (grant) changes.put("grants", { ...grant, endAt });
    changes.record({ ...subject, action: "EntitlementExtend", actor: ACTOR, message: `${ctx.entitlement.code} extended until ${endAt}`, details: graph });
    changes.notify(r.correlationId, [Notices.toRequester({ ...ctx, request: extended }, `Your ${ctx.entitlement.displayName} access now lasts until ${formatInstant(endAt)}.`)], { requestIds: [r.id] });
  } else {
    changes.put("requests", { ...r, provisioning });
    changes.record({ ...subject, action: "EntitlementRemove", actor: ACTOR, message: `${ctx.entitlement.code} removed from ${ctx.identity.userPrincipalName} (${r.state})`, details: graph });
  }
  await changes.commit();
}

async function onFailure(deps: ProvisioningDeps, ctx: RequestContext, payload: ProvisionJobPayload, attempt: JobAttempt, e: unknown): Promise<void> {
  const err = describeError(e);
  const at = deps.clock.now().toISOString();
  const r = ctx.request;
  const subject = auditSubject(ctx);
  const lastError = { code: err.code, message: err.message, graphCode: err.graphCode, graphRequestId: err.graphRequestId, at };
  const provisioning = { ...r.provisioning, attempts: r.provisioning.attempts + 1, lastError };
  const final = !err.retryable || attempt.attempt >= attempt.maxAttempts;
  const changes = new ChangeSet(deps);
  if (!final) {
    changes.put("requests", { ...r, provisioning, updatedAt: at });
    changes.record({ ...subject, action: "ProvisioningRetry", actor: ACTOR, result: "failure", message: `Attempt ${attempt.attempt}/${attempt.maxAttempts} of ${payload.op} failed, will retry: ${err.message}`, details: lastError });
    if (attempt.attempt === 1 && payload.op === "grant") {
      changes.notify(r.correlationId, [Notices.toRequester(ctx, `Approved, applying… Microsoft Entra is not answering right now; it will be retried automatically and you will be told the outcome.`)]);
    }
    await changes.commit();
    throw e;
  }
  if (payload.op === "grant") {
    const failed = { ...transition(r, "failed", ACTOR, at, err.message), provisioning };
    changes.put("requests", failed);
    changes.record({ ...subject, action: "ProvisioningFailed", actor: ACTOR, result: "failure", message: `Could not grant ${ctx.entitlement.code}: ${err.message}`, details: lastError });
    const nctx = { ...ctx, request: failed };
    changes.notify(r.correlationId, [
      Notices.toRequester(nctx, `Your ${ctx.entitlement.displayName} access was approved but could not be applied: ${err.message}. The security team has been told and can retry it; you do not need to request again.`),
      Notices.security(nctx, `Provisioning failed for ${ctx.identity.userPrincipalName} → ${ctx.entitlement.displayName}: ${err.message}`),
    ], { requestIds: [r.id] });
  } else if (payload.op === "extend") {
    const kept = { ...r, updatedAt: at, provisioning: { ...provisioning, pendingEndAt: undefined } };
    changes.put("requests", kept);
    changes.record({ ...subject, action: "ProvisioningFailed", actor: ACTOR, result: "failure", message: `Could not extend ${ctx.entitlement.code}: ${err.message}`, details: lastError });
    changes.notify(r.correlationId, [Notices.toRequester({ ...ctx, request: kept }, `Your ${ctx.entitlement.displayName} access could not be extended (${err.message}); it still ends ${formatInstant(r.endAt)}.`)], { requestIds: [r.id] });
  } else {
    changes.put("requests", { ...r, provisioning, updatedAt: at });
    changes.record({ ...subject, action: "ProvisioningFailed", actor: ACTOR, result: "failure", message: `Could not remove ${ctx.entitlement.code} from ${ctx.identity.userPrincipalName}: ${err.message}. It may still be in place.`, details: lastError });
    changes.notify(r.correlationId, [Notices.security(ctx, `⚠️ ${ctx.entitlement.displayName} could not be removed from ${ctx.identity.userPrincipalName} (${r.state}): ${err.message}. Remove it manually.`)], { requestIds: [r.id] });
  }
  await changes.commit();
}
