import type { ProvisioningChange } from "../../../core/ports/provisioning.js";
import type { GraphRequestSpec } from "../http/graph-reply.js";
import { scheduleKindOf, SCHEDULE_ENDPOINTS, targetFields, type ScheduleKind, type ScheduleTarget } from "./schedule-endpoints.js";

/** The state the tenant must be in once the change holds; read back when Graph's answer is not conclusive. */
export type DesiredState =
  | { kind: "schedule"; schedule: ScheduleKind; principalId: string; target: ScheduleTarget; present: boolean; endAt?: string; startsLater?: boolean }
  | { kind: "membership"; groupId: string; principalId: string; present: boolean }
  | { kind: "user"; principalId: string; present: false };

export type SingleWriteChange = Exclude<ProvisioningChange, { op: "inviteGuest" }>;

export interface PlannedChange {
  change: SingleWriteChange;
  /** The one write that makes the change; absent when nothing needs writing (extend of a plain group). */
  write?: GraphRequestSpec;
  desired: DesiredState;
}

/**
 * Translates a change into its Graph request. Expiry is always sent as `afterDateTime` with the
 * approved end: `afterDuration` is counted from when Graph processes the request, so a request retried
 * a minute later would silently grant a minute more than was approved.
 */
export function planChange(change: SingleWriteChange, now: Date, graphBaseUrl: string): PlannedChange {
  if (change.op === "deleteGuest") {
    return {
      change,
      write: { method: "DELETE", path: `/users/${change.principalId}` },
      desired: { kind: "user", principalId: change.principalId, present: false },
    };
  }
  const target = change.target;
  if (target.mechanism === "group") {
    const desired: DesiredState = { kind: "membership", groupId: target.groupId, principalId: change.principalId, present: change.op !== "remove" };
    if (change.op === "grant") {
      return {
        change,
        desired,
        write: {
          method: "POST",
          path: `/groups/${target.groupId}/members/$ref`,
          body: { "@odata.id": `${graphBaseUrl}/directoryObjects/${change.principalId}` },
        },
      };
    }
    if (change.op === "remove") {
      return { change, desired, write: { method: "DELETE", path: `/groups/${target.groupId}/members/${change.principalId}/$ref` } };
    }
    // Plain membership has no end date in Graph; the product's expiry job removes it at the new end.
    return { change, desired };
  }
  const schedule = scheduleKindOf(target, change.kind);
  const base = { principalId: change.principalId, ...targetFields(target), justification: change.justification };
  const path = SCHEDULE_ENDPOINTS[schedule].requests;
  switch (change.op) {
    case "grant": {
      // Graph refuses a start in the past; an approval that waited in the queue starts now instead.
      const startsLater = Date.parse(change.startAt) > now.getTime();
      const start = startsLater ? change.startAt : now.toISOString();
      return {
        change,
        desired: { kind: "schedule", schedule, principalId: change.principalId, target, present: true, startsLater, endAt: change.endAt },
        write: {
          method: "POST",
          path,
          body: {
            action: "adminAssign",
            ...base,
            scheduleInfo: { startDateTime: start, expiration: { type: "afterDateTime", endDateTime: change.endAt } },
            ...(change.ticket ? { ticketInfo: { ticketNumber: change.ticket } } : {}),
          },
        },
      };
    }
    case "remove":
      return {
        change,
        desired: { kind: "schedule", schedule, principalId: change.principalId, target, present: false },
        write: { method: "POST", path, body: { action: "adminRemove", ...base } },
      };
    case "extend":
      // adminExtend, not remove+assign: remove+assign leaves a gap in which the holder loses access,
      // and a failure between the two steps would strand them without it mid-incident.
      return {
        change,
        desired: { kind: "schedule", schedule, principalId: change.principalId, target, present: true, endAt: change.endAt },
        write: {
          method: "POST",
          path,
          body: {
            action: "adminExtend",
            ...base,
            scheduleInfo: { startDateTime: now.toISOString(), expiration: { type: "afterDateTime", endDateTime: change.endAt } },
          },
        },
      };
  }
}
