import { z } from "zod/v4";
import type { AccessRequest } from "../domain/request.js";
import { ErrorCodes, ForbiddenError } from "../errors.js";
import type { RequestView } from "../views/types.js";
import { ChangeSet } from "./shared/changes.js";
import { auditSubject, loadRequestContext } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { parseInput } from "./shared/input.js";
import { refuseAudited } from "./shared/refusal.js";
import { retryOnConflict } from "./shared/retry-on-conflict.js";
import { transition } from "./shared/transition.js";
import { requestViewFor } from "./shared/views.js";

export const CancelRequestInput = z
  .object({ requestId: z.string().min(1).max(100), actorHumanId: z.string().min(1).max(100), reason: z.string().trim().max(500).optional() })
  .strict();

export interface CancelResult {
  outcome: "cancelled" | "unchanged";
  message: string;
  request: AccessRequest;
  view: RequestView;
}

/** The requester withdraws a request that has not been decided yet. */
export async function cancelRequest(deps: CoreDeps, raw: z.input<typeof CancelRequestInput>): Promise<CancelResult> {
  const input = parseInput(CancelRequestInput, raw);
  return retryOnConflict(async () => {
    const ctx = await loadRequestContext(deps.store, input.requestId);
    const r = ctx.request;
    if (input.actorHumanId !== r.requesterHumanId) {
      return refuseAudited(deps, { ...auditSubject(ctx), actor: input.actorHumanId, message: "Cancel" }, new ForbiddenError(ErrorCodes.NOT_ALLOWED, "Only the requester can cancel a request.", { requestId: r.id }));
    }
    if (r.state === "cancelled") {
      return { outcome: "unchanged", message: "This request was already cancelled.", request: r, view: await requestViewFor(deps, ctx, input.actorHumanId) };
    }
    if (r.state !== "pending" && r.state !== "draft" && r.state !== "failed") {
      const hint = r.state === "active" ? " Use Release to give the access up now." : "";
      return { outcome: "unchanged", message: `This request is already ${r.state.replace("_", " ")} and can no longer be cancelled.${hint}`, request: r, view: await requestViewFor(deps, ctx, input.actorHumanId) };
    }
    const at = deps.clock.now().toISOString();
    const next = transition(r, "cancelled", input.actorHumanId, at, input.reason);
    await new ChangeSet(deps)
      .put("requests", next)
      .record({ ...auditSubject(ctx), action: "Cancel", actor: input.actorHumanId, message: `Cancelled by the requester${input.reason ? `: ${input.reason}` : ""}` })
      .notify(r.correlationId, [], { requestIds: [r.id] })
      .commit();
    const stored = { ...next, version: next.version + 1 };
    return { outcome: "cancelled", message: "Request cancelled. Your approvers' cards now show it.", request: stored, view: await requestViewFor(deps, { ...ctx, request: stored }, input.actorHumanId) };
  });
}
