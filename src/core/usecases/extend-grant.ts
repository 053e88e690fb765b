import { z } from "zod/v4";
import { addMinutes, formatMinutes } from "../domain/duration.js";
import type { AccessRequest } from "../domain/request.js";
import { ErrorCodes, ForbiddenError, PolicyViolationError } from "../errors.js";
import { effectiveRules } from "../policy/effective.js";
import type { RequestView } from "../views/types.js";
import { ChangeSet } from "./shared/changes.js";
import { auditSubject, loadRequestContext } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { parseInput } from "./shared/input.js";
import { refuseAudited } from "./shared/refusal.js";
import { retryOnConflict } from "./shared/retry-on-conflict.js";
import { requestViewFor } from "./shared/views.js";

export const ExtendInput = z
  .object({ requestId: z.string().min(1).max(100), actorHumanId: z.string().min(1).max(100), minutes: z.number().int().min(5).max(7 * 1440) })
  .strict();

export interface ExtendResult {
  message: string;
  request: AccessRequest;
  view: RequestView;
}

/**
 * The holder extends an active grant within the policy's limit on the total window; anything longer
 * needs a new request and approval. Applied through the provisioning module like every change.
 */
export async function extendGrant(deps: CoreDeps, raw: z.input<typeof ExtendInput>): Promise<ExtendResult> {
  const input = parseInput(ExtendInput, raw);
  return retryOnConflict(async () => {
    const ctx = await loadRequestContext(deps.store, input.requestId);
    const r = ctx.request;
    if (input.actorHumanId !== r.requesterHumanId) {
      return refuseAudited(deps, { ...auditSubject(ctx), actor: input.actorHumanId, message: "Extend" }, new ForbiddenError(ErrorCodes.NOT_ALLOWED, "Only the holder can extend this access.", { requestId: r.id }));
    }
    const refuse = (message: string) => new PolicyViolationError(ErrorCodes.EXTENSION_NOT_ALLOWED, message, { field: "minutes" });
    if (r.state !== "active" || !r.startAt || !r.endAt) throw refuse(`Only active access can be extended; this request is ${r.state.replace("_", " ")}.`);
    if (r.kind === "emergency") throw refuse("Emergency access cannot be extended; start a new emergency grant or file a normal request.");
    if (r.provisioning.pendingEndAt) throw refuse("An extension is already being applied.");
    const rules = effectiveRules(deps.policy, ctx.entitlement);
    if (!rules.extension.allowed) throw refuse(`The policy does not allow extending ${ctx.entitlement.displayName}; file a new request.`);
    const limit = rules.extension.maxTotalMinutes ?? rules.duration.maxMinutes;
    const newEnd = addMinutes(r.endAt, input.minutes);
    const total = (Date.parse(newEnd) - Date.parse(r.startAt)) / 60_000;
    if (total > limit) {
      const left = Math.max(0, Math.floor(limit - (Date.parse(r.endAt) - Date.parse(r.startAt)) / 60_000));
      throw refuse(`That would make ${formatMinutes(Math.round(total))} in total; ${ctx.entitlement.displayName} allows ${formatMinutes(limit)}${left >= 5 ? `, so you can extend by at most ${formatMinutes(left)}` : ""}. File a new request for longer.`);
    }
    const next: AccessRequest = { ...r, updatedAt: deps.clock.now().toISOString(), provisioning: { ...r.provisioning, pendingEndAt: newEnd } };
    await new ChangeSet(deps)
      .put("requests", next)
      .record({ ...auditSubject(ctx), action: "Extend", actor: input.actorHumanId, message: `Extension by ${formatMinutes(input.minutes)} to ${newEnd} requested` })
      .provision(next, "extend", r.version)
      .notify(r.correlationId, [], { requestIds: [r.id] })
      .commit();
    const stored = { ...next, version: next.version + 1 };
    return { message: `Extending ${ctx.entitlement.displayName} by ${formatMinutes(input.minutes)}…`, request: stored, view: await requestViewFor(deps, { ...ctx, request: stored }, input.actorHumanId) };
  });
}
