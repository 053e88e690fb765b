import { z } from "zod/v4";
import type { AccessRequest } from "../domain/request.js";
import { ConflictError, ErrorCodes, ForbiddenError } from "../errors.js";
import type { RequestView } from "../views/types.js";
import { actorId, type Actor } from "./shared/actor.js";
import { ChangeSet } from "./shared/changes.js";
import { auditSubject, loadRequestContext } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { parseInput } from "./shared/input.js";
import { Notices } from "./shared/notices.js";
import { refuseAudited } from "./shared/refusal.js";
import { retryOnConflict } from "./shared/retry-on-conflict.js";
import { transition } from "./shared/transition.js";
import { requestViewFor } from "./shared/views.js";

export const RevokeInput = z.object({ requestId: z.string().min(1).max(100), reason: z.string().trim().min(3, "say why (at least 3 characters)").max(1000) }).strict();

export interface RevokeResult {
  outcome: "revoked" | "unchanged";
  message: string;
  request: AccessRequest;
  view: RequestView;
}

/** Who may end someone's access early: the holder (release), a security owner, the entitlement owner or deputy. */
async function mayRevoke(deps: CoreDeps, actor: Actor, r: AccessRequest, owner?: string, deputy?: string): Promise<boolean> {
  if (actor.kind !== "human") return true;
  if (actor.humanId === r.requesterHumanId) return true;
  const human = await deps.store.get("humans", actor.humanId);
  if (!human?.staffId) return false;
  return deps.policy.securityOwners.staffIds.includes(human.staffId) || human.staffId === owner || human.staffId === deputy;
}

/** Ends an active grant now (release by the holder, revoke by security/owner, pipeline, HR termination, review). */
export async function revokeGrant(deps: CoreDeps, actor: Actor, raw: z.input<typeof RevokeInput>): Promise<RevokeResult> {
  const input = parseInput(RevokeInput, raw);
  const viewer = actor.kind === "human" ? actor.humanId : undefined;
  return retryOnConflict(async () => {
    const ctx = await loadRequestContext(deps.store, input.requestId);
    const r = ctx.request;
    if (!(await mayRevoke(deps, actor, r, ctx.entitlement.ownerStaffId, ctx.entitlement.deputyStaffId))) {
      return refuseAudited(deps, { ...auditSubject(ctx), actor: actorId(actor), message: "Revoke" }, new ForbiddenError(ErrorCodes.NOT_ALLOWED, "Only the holder, a security owner or the entitlement's owner or deputy can end this access.", { requestId: r.id }));
    }
    if (r.state === "revoked" || r.state === "expired") {
      return { outcome: "unchanged", message: `This access already ${r.state === "revoked" ? "was revoked" : "expired"}. Nothing changed.`, request: r, view: await requestViewFor(deps, ctx, viewer) };
    }
    if (r.state !== "active") {
      throw new ConflictError(ErrorCodes.INVALID_TRANSITION, r.state === "approved" || r.state === "provisioning" ? "This access is still being applied; try again in a minute." : `This request is ${r.state.replace("_", " ")}, not active.`, { requestId: r.id, state: r.state });
    }
    const at = deps.clock.now().toISOString();
    const by = actorId(actor);
    const self = actor.kind === "human" && actor.humanId === r.requesterHumanId;
    const next: AccessRequest = { ...transition(r, "revoked", by, at, input.reason), revocation: { byActor: by, at, reason: input.reason } };
    const changes = new ChangeSet(deps).put("requests", next);
    const grant = await deps.store.get("grants", `gr_${r.id}`);
    if (grant) changes.put("grants", { ...grant, state: "revoked", endedAt: at });
    changes
      .record({ ...auditSubject(ctx), action: "Revoke", actor: by, message: `${self ? "Released by the holder" : "Revoked"}: ${input.reason}` })
      .provision(next, "remove")
      .notify(r.correlationId, self ? [] : [Notices.toRequester({ ...ctx, request: next }, `Your ${ctx.entitlement.displayName} access was ended early: ${input.reason}`)], { requestIds: [r.id] });
    await changes.commit();
    const stored = { ...next, version: next.version + 1 };
    return { outcome: "revoked", message: `${ctx.entitlement.displayName} is being removed from ${ctx.identity.userPrincipalName}.`, request: stored, view: await requestViewFor(deps, { ...ctx, request: stored }, viewer) };
  });
}
