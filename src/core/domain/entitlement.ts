/** Catalogue entry types, as in the entitlement catalogue of the source design (ENT_TYPE). */
export const ENTITLEMENT_TYPES = ["B2B_BASE", "AZZ_RBAC_PRIV", "AZZ_RBAC_NONPRIV", "ENTRA_ROLE", "M365_ROLE"] as const;
export type EntitlementType = (typeof ENTITLEMENT_TYPES)[number];

export const GRANT_KINDS = ["eligible", "active"] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/**
 * How Graph holds the entitlement: a directory role via PIM schedules, a group via PIM for Groups,
 * or a plain group membership (no eligibility concept, so only `active`).
 */
export type EntitlementTarget =
  | { mechanism: "entraRole"; roleDefinitionId: string; directoryScopeId: string }
  | { mechanism: "pimGroup"; groupId: string; accessId: "member" | "owner" }
  | { mechanism: "group"; groupId: string };

export interface Entitlement {
  id: string;
  version: number;
  code: string;
  displayName: string;
  description?: string;
  type: EntitlementType;
  tenant: string;
  valueStream: string;
  privileged: boolean;
  requestable: boolean;
  ownerStaffId?: string;
  deputyStaffId?: string;
  lastSyncAt: string;
  /** Group id or role definition id in Graph. */
  graphObjectId: string;
  target: EntitlementTarget;
  /** Set when the last catalogue sync no longer found it in the directory; kept for history, never requestable. */
  retiredAt?: string;
}

export function grantKindsFor(target: EntitlementTarget): GrantKind[] {
  return target.mechanism === "group" ? ["active"] : ["eligible", "active"];
}
