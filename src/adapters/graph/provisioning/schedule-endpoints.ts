import type { EntitlementTarget, GrantKind } from "../../../core/domain/entitlement.js";

/** The four PIM schedule families: Entra roles and PIM for Groups, each eligible or active. */
export type ScheduleKind = "roleEligibility" | "roleAssignment" | "groupEligibility" | "groupAssignment";

const ROLE = "/roleManagement/directory";
const PIM_GROUP = "/identityGovernance/privilegedAccess/group";

export const SCHEDULE_ENDPOINTS: Record<ScheduleKind, { requests: string; instances: string }> = {
  roleEligibility: { requests: `${ROLE}/roleEligibilityScheduleRequests`, instances: `${ROLE}/roleEligibilityScheduleInstances` },
  roleAssignment: { requests: `${ROLE}/roleAssignmentScheduleRequests`, instances: `${ROLE}/roleAssignmentScheduleInstances` },
  groupEligibility: { requests: `${PIM_GROUP}/eligibilityScheduleRequests`, instances: `${PIM_GROUP}/eligibilityScheduleInstances` },
  groupAssignment: { requests: `${PIM_GROUP}/assignmentScheduleRequests`, instances: `${PIM_GROUP}/assignmentScheduleInstances` },
};

export type ScheduleTarget = Exclude<EntitlementTarget, { mechanism: "group" }>;

export function scheduleKindOf(target: ScheduleTarget, kind: GrantKind): ScheduleKind {
  if (target.mechanism === "entraRole") return kind === "eligible" ? "roleEligibility" : "roleAssignment";
  return kind === "eligible" ? "groupEligibility" : "groupAssignment";
}

/** The fields that name the entitlement in a schedule request body. */
export function targetFields(target: ScheduleTarget): Record<string, string> {
  return target.mechanism === "entraRole"
    ? { roleDefinitionId: target.roleDefinitionId, directoryScopeId: target.directoryScopeId }
    : { groupId: target.groupId, accessId: target.accessId };
}

/** OData string literal: single quotes are doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `$filter` selecting the schedule instances of one principal on one entitlement. */
export function instanceFilter(principalId: string, target: ScheduleTarget): string {
  return target.mechanism === "entraRole"
    ? `principalId eq ${odataString(principalId)} and roleDefinitionId eq ${odataString(target.roleDefinitionId)} and directoryScopeId eq ${odataString(target.directoryScopeId)}`
    : `groupId eq ${odataString(target.groupId)} and principalId eq ${odataString(principalId)} and accessId eq ${odataString(target.accessId)}`;
}
