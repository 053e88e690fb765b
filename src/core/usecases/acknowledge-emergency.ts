import { z } from "zod/v4";
import { ErrorCodes, ForbiddenError, PolicyViolationError } from "../errors.js";
import type { RequestView } from "../views/types.js";
import { ChangeSet } from "./shared/changes.js";
import { auditSubject, loadRequestContext } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { parseInput } from "./shared/input.js";
import { refuseAudited } from "./shared/refusal.js";
import { retryOnConflict } from "./shared/retry-on-conflict.js";
import { requestViewFor } from "./shared/views.js";

export const AcknowledgeInput = z.object({ requestId: z.string().min(1).max(100), actorHumanId: z.string().min(1).max(100) }).strict();

/** A security owner acknowledges a break-glass alert in the security channel. */
export async function acknowledgeEmergency(deps: CoreDeps, raw: z.input<typeof AcknowledgeInput>): Promise<{ message: string; view: RequestView }> {
  const input = parseInput(AcknowledgeInput, raw);
  return retryOnConflict(async () => {
    const ctx = await loadRequestContext(deps.store, input.requestId);
    const r = ctx.request;
    const human = await deps.store.get("humans", input.actorHumanId);
    if (!human?.staffId || !deps.policy.securityOwners.staffIds.includes(human.staffId)) {
      return refuseAudited(deps, { ...auditSubject(ctx), actor: input.actorHumanId, message: "Acknowledge" }, new ForbiddenError(ErrorCodes.NOT_ALLOWED, "Only a security owner can acknowledge emergency access.", { requestId: r.id }));
    }
    if (r.kind !== "emergency") throw new PolicyViolationError(ErrorCodes.NOT_ALLOWED, "This is not an emergency grant.");
    if (input.actorHumanId === r.requesterHumanId) {
      return refuseAudited(deps, { ...auditSubject(ctx), actor: input.actorHumanId, message: "Acknowledge" }, new ForbiddenError(ErrorCodes.SELF_APPROVAL_FORBIDDEN, "You cannot acknowledge your own emergency access."));
    }
    if (r.acknowledgement) {
      const by = await deps.store.get("humans", r.acknowledgement.byHumanId);
      return { message: `Already acknowledged by ${by?.displayName ?? r.acknowledgement.byHumanId}.`, view: await requestViewFor(deps, ctx, input.actorHumanId) };
    }
    const at = deps.clock.now().toISOString();
    const next = { ...r, acknowledgement: { byHumanId: input.actorHumanId, at }, updatedAt: at };
    await new ChangeSet(deps)
      .put("requests", next)
      .record({ ...auditSubject(ctx), action: "Emergency", actor: input.actorHumanId, message: `Emergency grant acknowledged by ${human.displayName}` })
      .notify(r.correlationId, [], { requestIds: [r.id] })
      .commit();
    return { message: "Acknowledged.", view: await requestViewFor(deps, { ...ctx, request: { ...next, version: next.version + 1 } }, input.actorHumanId) };
  });
}
