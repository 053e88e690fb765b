import { ConflictError, ErrorCodes, ForbiddenError } from "../errors.js";
import { put } from "../ports/store.js";
import { actorId, type Actor } from "./shared/actor.js";
import { auditEntry, provisionJobId } from "./shared/changes.js";
import { auditSubject, loadRequestContext } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { refuseAudited } from "./shared/refusal.js";
import { retryOnConflict } from "./shared/retry-on-conflict.js";

/** An operator re-runs the provisioning of a failed request (same job, so never applied twice). */
export async function retryProvisioning(deps: CoreDeps, actor: Actor, requestId: string): Promise<{ message: string }> {
  return retryOnConflict(async () => {
    const ctx = await loadRequestContext(deps.store, requestId);
    if (actor.kind === "human") {
      const human = await deps.store.get("humans", actor.humanId);
      if (!human?.staffId || !deps.policy.securityOwners.staffIds.includes(human.staffId)) {
        return refuseAudited(deps, { ...auditSubject(ctx), actor: actor.humanId, message: "Retry provisioning" }, new ForbiddenError(ErrorCodes.NOT_ALLOWED, "Only a security owner can retry provisioning.", { requestId }));
      }
    }
    if (ctx.request.state !== "failed") {
      throw new ConflictError(ErrorCodes.INVALID_TRANSITION, `Only failed requests can be retried; this one is ${ctx.request.state.replace("_", " ")}.`, { requestId });
    }
    const jobId = provisionJobId(requestId, "grant");
    const job = await deps.store.get("outbox", jobId);
    const now = deps.clock.now().toISOString();
    const rearmed = job
      ? { ...job, state: "pending" as const, attempts: 0, runAt: now, updatedAt: now, leaseUntil: undefined }
      : { id: jobId, version: 0, type: "provision" as const, payload: { requestId, op: "grant" as const, grantKind: ctx.request.grantKind }, state: "pending" as const, attempts: 0, maxAttempts: 8, runAt: now, createdAt: now, updatedAt: now, correlationId: ctx.request.correlationId };
    const entry = auditEntry(deps, { ...auditSubject(ctx), action: "ProvisioningRetry", actor: actorId(actor), message: "Operator retry of failed provisioning" });
    await deps.journal.commit({ ops: [put("outbox", rearmed)], audit: [entry], jobs: [] });
    return { message: "Provisioning will be retried now." };
  });
}
