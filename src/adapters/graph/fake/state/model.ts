/** In-memory tenant objects, shaped close to Graph's so that responses are projections, not translations. */
export interface FakeUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  userType: "Member" | "Guest";
  accountEnabled: boolean;
  createdDateTime: string;
  externalUserState: string | null;
  managerId?: string;
  lastSignInDateTime?: string;
}

export interface FakeGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
  /** Directory extension attributes, keyed by their full `extension_<appId>_<name>` name. */
  extensions: Record<string, unknown>;
  members: Set<string>;
}

export interface FakeRoleDefinition {
  id: string;
  displayName: string;
  description: string;
  templateId: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
}

export type FakeScheduleKind = "roleEligibility" | "roleAssignment" | "groupEligibility" | "groupAssignment";

/** What a schedule is for: a directory role at a scope, or a PIM group relationship. */
export type FakeScheduleTarget =
  | { roleDefinitionId: string; directoryScopeId: string }
  | { groupId: string; accessId: "member" | "owner" };

export interface FakeInstance {
  id: string;
  kind: FakeScheduleKind;
  principalId: string;
  target: FakeScheduleTarget;
  startDateTime: string;
  endDateTime: string | null;
  /** "Assigned" by an admin or "Activated" by the holder (active kinds only). */
  assignmentType: "Assigned" | "Activated";
  /** Hidden until provisioning completes (simulated delay), then listed. */
  visible: boolean;
  /** Hidden for this many more instance reads (deterministic delay for tests). */
  hiddenForReads: number;
}

export interface FakeScheduleRequest {
  id: string;
  kind: FakeScheduleKind;
  action: string;
  status: string;
  principalId: string;
  target: FakeScheduleTarget;
  justification: string | null;
  scheduleInfo: Record<string, unknown> | null;
  ticketInfo: Record<string, unknown> | null;
  createdDateTime: string;
  completedDateTime: string | null;
  targetScheduleId: string | null;
}

export function isRoleTarget(t: FakeScheduleTarget): t is { roleDefinitionId: string; directoryScopeId: string } {
  return "roleDefinitionId" in t;
}

export function sameTarget(a: FakeScheduleTarget, b: FakeScheduleTarget): boolean {
  if (isRoleTarget(a) && isRoleTarget(b)) {
    return a.roleDefinitionId.toLowerCase() === b.roleDefinitionId.toLowerCase() && a.directoryScopeId === b.directoryScopeId;
  }
  if (!isRoleTarget(a) && !isRoleTarget(b)) return a.groupId.toLowerCase() === b.groupId.toLowerCase() && a.accessId === b.accessId;
  return false;
}
