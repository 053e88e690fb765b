import type { Entitlement } from "../../../../core/domain/entitlement.js";
import type { DemoOrg } from "../../../../demo/org.js";
import { writeGovernance } from "../../governance-attributes.js";
import type { FakeIds } from "./fake-ids.js";
import type { FakeScheduleKind, FakeScheduleTarget } from "./model.js";
import type { TenantState } from "./tenant-state.js";

/**
 * Fills the tenant from the demo organisation: users (staff, azz, guests) with managers and sign-in
 * activity, catalogue groups with their governance attributes, built-in role definitions, and the
 * organisation's existing grants as schedule instances (plus a self-activation request per recorded
 * activation, which is where Graph keeps that history).
 */
export function seedFromOrg(state: TenantState, org: DemoOrg, extensionAppId: string, ids: FakeIds, now: Date): void {
  const staffObjectOf = new Map<string, string>();
  for (const i of org.identities) if (i.type === "staff") staffObjectOf.set(i.humanId, i.objectId);
  const humans = new Map(org.humans.map((h) => [h.id, h]));
  const created = new Date(now.getTime() - 400 * 86_400_000).toISOString();

  for (const identity of org.identities) {
    const human = humans.get(identity.humanId);
    const managerHuman = identity.type === "b2b" ? identity.b2b?.sponsorHumanId : human?.managerHumanId;
    state.addUser({
      id: identity.objectId,
      displayName: identity.displayName,
      userPrincipalName: identity.userPrincipalName,
      mail: identity.mail ?? null,
      givenName: human?.firstName ?? null,
      surname: human?.lastName ?? null,
      userType: identity.type === "b2b" ? "Guest" : "Member",
      accountEnabled: identity.accountEnabled,
      createdDateTime: created,
      externalUserState: identity.type === "b2b" ? "Accepted" : null,
      managerId: managerHuman ? staffObjectOf.get(managerHuman) : undefined,
      lastSignInDateTime: org.lastSignIn[identity.objectId],
    });
  }

  for (const e of org.entitlements) {
    if (e.target.mechanism === "entraRole") {
      state.roleDefinitions.set(e.graphObjectId.toLowerCase(), {
        id: e.graphObjectId,
        displayName: e.displayName,
        description: e.description ?? e.displayName,
        templateId: e.graphObjectId,
        isBuiltIn: true,
        isEnabled: true,
      });
      continue;
    }
    state.addGroup({
      id: e.graphObjectId,
      displayName: e.code,
      description: e.description ?? null,
      mailNickname: e.code.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
      extensions: writeGovernance(extensionAppId, {
        entitlementType: e.type,
        privileged: e.privileged,
        requestable: e.requestable,
        ownerStaffId: e.ownerStaffId,
        deputyStaffId: e.deputyStaffId,
        tenant: e.tenant,
        valueStream: e.valueStream,
        pimManaged: e.target.mechanism === "pimGroup",
      }),
      members: new Set(),
    });
  }

  const identities = new Map(org.identities.map((i) => [i.id, i]));
  const entitlements = new Map(org.entitlements.map((e) => [e.id, e]));
  for (const g of org.existingGrants) {
    const identity = identities.get(g.identityId);
    const e = entitlements.get(g.entitlementId);
    if (!identity || !e) continue;
    const principalId = identity.objectId;
    if (e.target.mechanism === "group") {
      state.group(e.target.groupId)?.members.add(principalId.toLowerCase());
      continue;
    }
    const kind = scheduleKind(e, g.kind);
    const target = scheduleTarget(e);
    const instanceId = ids.next();
    state.instances.set(instanceId, {
      id: instanceId,
      kind,
      principalId,
      target,
      startDateTime: g.startAt,
      endDateTime: g.endAt,
      assignmentType: "Assigned",
      visible: true,
      hiddenForReads: 0,
    });
    if (kind === "groupAssignment") state.group((target as { groupId: string }).groupId)?.members.add(principalId.toLowerCase());
    if (g.lastActivationAt) {
      state.scheduleRequests.push({
        id: ids.next(),
        kind: kind === "roleEligibility" ? "roleAssignment" : "groupAssignment",
        action: "selfActivate",
        status: "Provisioned",
        principalId,
        target,
        justification: "Activated for operational work",
        scheduleInfo: { startDateTime: g.lastActivationAt, expiration: { type: "afterDuration", duration: "PT4H", endDateTime: null } },
        ticketInfo: null,
        createdDateTime: g.lastActivationAt,
        completedDateTime: g.lastActivationAt,
        targetScheduleId: null,
      });
    }
  }
}

function scheduleKind(e: Entitlement, kind: "eligible" | "active"): FakeScheduleKind {
  if (e.target.mechanism === "entraRole") return kind === "eligible" ? "roleEligibility" : "roleAssignment";
  return kind === "eligible" ? "groupEligibility" : "groupAssignment";
}

function scheduleTarget(e: Entitlement): FakeScheduleTarget {
  if (e.target.mechanism === "entraRole") return { roleDefinitionId: e.target.roleDefinitionId, directoryScopeId: e.target.directoryScopeId };
  if (e.target.mechanism === "pimGroup") return { groupId: e.target.groupId, accessId: e.target.accessId };
  throw new Error("plain groups have no schedules");
}
