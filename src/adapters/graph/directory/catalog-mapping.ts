import type { EntitlementType } from "../../../core/domain/entitlement.js";
import type { CatalogSyncItem } from "../../../core/ports/provisioning.js";
import { readGovernance, type GovernanceValues } from "../governance-attributes.js";

export interface GraphGroup {
  id: string;
  displayName: string;
  description?: string | null;
  [extension: string]: unknown;
}

export interface GraphRoleDefinition {
  id: string;
  displayName: string;
  description?: string | null;
  isEnabled?: boolean | null;
}

const B2B_BASE_PREFIX = "AZZ-RBAC-B2B-";

/**
 * A catalogue group. With governance attributes the group says what it is; without them (extension
 * app not configured, or attribute not yet set) the name decides, and an unknown AZZ-RBAC group is
 * treated as privileged and PIM-managed, the safe reading (azz-only, eligibility first).
 */
export function groupToCatalogItem(group: GraphGroup, extensionAppId: string | undefined): CatalogSyncItem {
  const gov: GovernanceValues = extensionAppId ? readGovernance(extensionAppId, group) : {};
  const isB2bBase = group.displayName.toUpperCase().startsWith(B2B_BASE_PREFIX);
  const type: EntitlementType = gov.entitlementType ?? (isB2bBase ? "B2B_BASE" : gov.privileged === false ? "AZZ_RBAC_NONPRIV" : "AZZ_RBAC_PRIV");
  const pim = gov.pimManaged ?? (type !== "B2B_BASE" && type !== "M365_ROLE");
  return {
    code: group.displayName,
    displayName: group.displayName,
    ...(group.description ? { description: group.description } : {}),
    type,
    graphObjectId: group.id,
    target: pim ? { mechanism: "pimGroup", groupId: group.id, accessId: "member" } : { mechanism: "group", groupId: group.id },
    privileged: gov.privileged ?? (type === "AZZ_RBAC_PRIV" ? true : type === "B2B_BASE" ? false : undefined),
    requestable: gov.requestable ?? (type === "B2B_BASE" ? false : undefined),
    ...defined({ ownerStaffId: gov.ownerStaffId, deputyStaffId: gov.deputyStaffId, tenant: gov.tenant, valueStream: gov.valueStream }),
  };
}

/** Directory roles carry no governance attributes in Graph: ownership and flags come from policy. */
export function roleToCatalogItem(role: GraphRoleDefinition): CatalogSyncItem {
  return {
    code: role.displayName,
    displayName: role.displayName,
    ...(role.description ? { description: role.description } : {}),
    type: "ENTRA_ROLE",
    graphObjectId: role.id,
    target: { mechanism: "entraRole", roleDefinitionId: role.id, directoryScopeId: "/" },
  };
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
