import { grantKindsFor, type EntitlementTarget } from "../../../core/domain/entitlement.js";
import { ErrorCodes, ProvisioningError, ValidationError, type FieldIssue } from "../../../core/errors.js";
import type { ProvisioningChange } from "../../../core/ports/provisioning.js";
import type { KnownDirectoryObjects } from "./known-objects.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIRECTORY_SCOPE = /^\/(administrativeUnits\/[0-9a-f-]{36})?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a change before any Graph call: shape first (ValidationError, nothing to retry), then that
 * principal and entitlement are known (PROVISIONING_TARGET_UNKNOWN, not retryable).
 */
export async function validateChange(change: ProvisioningChange, now: Date, known?: KnownDirectoryObjects): Promise<void> {
  const issues = shapeIssues(change, now);
  if (issues.length) throw new ValidationError(issues);
  if (!known) return;
  if ("principalId" in change && !(await known.hasPrincipal(change.principalId))) {
    throw new ProvisioningError(ErrorCodes.PROVISIONING_TARGET_UNKNOWN, `Principal ${change.principalId} is not a known identity`, false, {
      field: "principalId",
      principalId: change.principalId,
    });
  }
  if ("target" in change && !(await known.hasTarget(change.target))) {
    throw new ProvisioningError(ErrorCodes.PROVISIONING_TARGET_UNKNOWN, `Entitlement ${describeTarget(change.target)} is not in the catalogue`, false, {
      field: "target",
      target: change.target,
    });
  }
  if (change.op === "inviteGuest" && change.baseGroupId && !(await known.hasTarget({ mechanism: "group", groupId: change.baseGroupId }))) {
    throw new ProvisioningError(ErrorCodes.PROVISIONING_TARGET_UNKNOWN, `Base group ${change.baseGroupId} is not in the catalogue`, false, {
      field: "baseGroupId",
    });
  }
}

function shapeIssues(change: ProvisioningChange, now: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const guid = (field: string, v: string) => {
    if (!GUID.test(v)) issues.push({ field, message: "must be a Graph object id (GUID)" });
  };
  const instant = (field: string, v: string) => {
    const t = Date.parse(v);
    if (Number.isNaN(t)) issues.push({ field, message: "must be an ISO 8601 date-time" });
    return t;
  };
  if ("principalId" in change) guid("principalId", change.principalId);
  if ("target" in change) {
    targetIssues(change.target).forEach((i) => issues.push(i));
    if (!grantKindsFor(change.target).includes(change.kind)) {
      issues.push({ field: "kind", message: `a ${change.target.mechanism} entitlement cannot be held as ${change.kind}` });
    }
  }
  switch (change.op) {
    case "grant": {
      const start = instant("startAt", change.startAt);
      const end = instant("endAt", change.endAt);
      if (end <= start) issues.push({ field: "endAt", message: "must be after startAt" });
      if (end <= now.getTime()) issues.push({ field: "endAt", message: "is already in the past" });
      break;
    }
    case "extend": {
      const end = instant("endAt", change.endAt);
      if (end <= now.getTime()) issues.push({ field: "endAt", message: "is already in the past" });
      break;
    }
    case "inviteGuest": {
      if (!EMAIL.test(change.email)) issues.push({ field: "email", message: "must be an e-mail address" });
      for (const f of ["firstName", "lastName", "partner"] as const) {
        if (!change[f].trim()) issues.push({ field: f, message: "is required" });
      }
      if (!/^https:\/\//i.test(change.redirectUrl)) issues.push({ field: "redirectUrl", message: "must be an https URL" });
      if (change.baseGroupId) guid("baseGroupId", change.baseGroupId);
      break;
    }
    default:
      break;
  }
  return issues;
}

function targetIssues(t: EntitlementTarget): FieldIssue[] {
  switch (t.mechanism) {
    case "entraRole":
      return [
        ...(GUID.test(t.roleDefinitionId) ? [] : [{ field: "target.roleDefinitionId", message: "must be a role definition id (GUID)" }]),
        ...(DIRECTORY_SCOPE.test(t.directoryScopeId) ? [] : [{ field: "target.directoryScopeId", message: 'must be "/" or "/administrativeUnits/<id>"' }]),
      ];
    case "pimGroup":
    case "group":
      return GUID.test(t.groupId) ? [] : [{ field: "target.groupId", message: "must be a group id (GUID)" }];
  }
}

export function describeTarget(t: EntitlementTarget): string {
  return t.mechanism === "entraRole" ? `role ${t.roleDefinitionId} at ${t.directoryScopeId}` : `${t.mechanism} ${t.groupId}`;
}
