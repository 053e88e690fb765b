import { ErrorCodes, ProvisioningError } from "../../../core/errors.js";
import { errorFromReply } from "../errors/map-graph-error.js";
import { graphErrorOf, isSuccess, type GraphReply } from "../http/graph-reply.js";
import type { PlannedChange } from "./plan-change.js";

/**
 * What Graph's answer to the write means for the change: final, needs a read-back, or failed.
 * `confirm.because` says why a read-back is needed; it decides the outcome reported once it holds.
 */
export type Interpretation =
  | { kind: "done"; outcome: "applied" }
  | { kind: "confirm"; because: "alreadyHeld" | "alreadyGone" | "pending" }
  | { kind: "failed"; error: ProvisioningError };

/** Request states after which the schedule will materialise on its own. */
const IN_FLIGHT = new Set([
  "Accepted",
  "PendingEvaluation",
  "Granted",
  "PendingProvisioning",
  "ProvisioningStarted",
  "PendingScheduleCreation",
  "ScheduleCreated",
  "PendingExternalProvisioning",
  "PendingRevocation",
]);
/** Admin requests that PIM parked for someone's approval: we will not see them applied. */
const AWAITING_APPROVAL = new Set(["PendingApproval", "PendingAdminDecision", "PendingApprovalProvisioning"]);
const RETRYABLE_FAILED = new Set(["FailedAsResourceIsLocked"]);

export function interpretReply(plan: PlannedChange, reply: GraphReply): Interpretation {
  const write = plan.write;
  if (!write) return { kind: "confirm", because: "alreadyHeld" };
  const { op } = plan.change;
  const g = graphErrorOf(reply);

  if (plan.desired.kind === "schedule") {
    if (isSuccess(reply)) return interpretScheduleStatus(plan, reply);
    if (g.code === "RoleAssignmentExists" && op === "grant") return { kind: "confirm", because: "alreadyHeld" };
    if (g.code === "RoleAssignmentDoesNotExist" && op === "remove") return { kind: "confirm", because: "alreadyGone" };
    return { kind: "failed", error: errorFromReply(write, reply) };
  }
  if (plan.desired.kind === "membership") {
    if (isSuccess(reply)) return { kind: "done", outcome: "applied" };
    // Graph: 400 "One or more added object references already exist for the following modified properties: 'members'."
    if (op === "grant" && reply.status === 400 && /already exist/i.test(g.message)) return { kind: "confirm", because: "alreadyHeld" };
    if (op === "remove" && reply.status === 404) return { kind: "confirm", because: "alreadyGone" };
    return { kind: "failed", error: errorFromReply(write, reply) };
  }
  if (isSuccess(reply)) return { kind: "done", outcome: "applied" };
  if (reply.status === 404) return { kind: "confirm", because: "alreadyGone" };
  return { kind: "failed", error: errorFromReply(write, reply) };
}

function interpretScheduleStatus(plan: PlannedChange, reply: GraphReply): Interpretation {
  const body = reply.body as { status?: unknown; id?: unknown } | undefined;
  const status = typeof body?.status === "string" ? body.status : "";
  const done = plan.change.op === "remove" ? status === "Revoked" || status === "Provisioned" : status === "Provisioned";
  if (done) return { kind: "done", outcome: "applied" };
  const details = { requestStatus: status, scheduleRequestId: body?.id, requestId: reply.requestId };
  if (AWAITING_APPROVAL.has(status)) {
    return {
      kind: "failed",
      error: new ProvisioningError(ErrorCodes.PROVISIONING_FAILED, `PIM is holding the request for approval (${status}); the role settings require approval for admin assignments`, false, details),
    };
  }
  if (IN_FLIGHT.has(status)) {
    // A schedule that starts later is accepted now but has no instance before its start.
    const startsLater = plan.desired.kind === "schedule" && plan.desired.startsLater === true;
    return startsLater ? { kind: "done", outcome: "applied" } : { kind: "confirm", because: "pending" };
  }
  return {
    kind: "failed",
    error: new ProvisioningError(ErrorCodes.PROVISIONING_FAILED, `PIM did not apply the request: status ${status || "(none)"}`, RETRYABLE_FAILED.has(status), details),
  };
}
