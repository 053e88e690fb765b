import { ENTITLEMENT_TYPES, type EntitlementType } from "../../core/domain/entitlement.js";

/**
 * The governance flags security keeps on each catalogue group (seed 2: Privileged, iRequest, Owner,
 * Deputy, tenant, value stream), stored as directory extension attributes
 * `extension_<appId>_<name>` registered on one app. `entitlementType` is how M365 role groups are
 * recognised (their names follow no pattern); `pimManaged` says whether membership goes through
 * PIM for Groups or plain `members/$ref`. The fake tenant stores the same attributes.
 */
export const GOVERNANCE_ATTRIBUTES = [
  "entitlementType",
  "privileged",
  "requestable",
  "ownerStaffId",
  "deputyStaffId",
  "tenant",
  "valueStream",
  "pimManaged",
] as const;
export type GovernanceAttribute = (typeof GOVERNANCE_ATTRIBUTES)[number];

export function extensionName(appId: string, attribute: GovernanceAttribute): string {
  return `extension_${appId.replace(/-/g, "").toLowerCase()}_${attribute}`;
}

export interface GovernanceValues {
  entitlementType?: EntitlementType;
  privileged?: boolean;
  requestable?: boolean;
  ownerStaffId?: string;
  deputyStaffId?: string;
  tenant?: string;
  valueStream?: string;
  pimManaged?: boolean;
}

/** Reads the attributes off a Graph group object; anything of the wrong type is ignored, not trusted. */
export function readGovernance(appId: string, group: Record<string, unknown>): GovernanceValues {
  const get = (a: GovernanceAttribute) => group[extensionName(appId, a)];
  const str = (a: GovernanceAttribute) => {
    const v = get(a);
    return typeof v === "string" && v.trim() ? v : undefined;
  };
  const bool = (a: GovernanceAttribute) => {
    const v = get(a);
    return typeof v === "boolean" ? v : undefined;
  };
  const type = str("entitlementType");
  return {
    entitlementType: (ENTITLEMENT_TYPES as readonly string[]).includes(type ?? "") ? (type as EntitlementType) : undefined,
    privileged: bool("privileged"),
    requestable: bool("requestable"),
    ownerStaffId: str("ownerStaffId"),
    deputyStaffId: str("deputyStaffId"),
    tenant: str("tenant"),
    valueStream: str("valueStream"),
    pimManaged: bool("pimManaged"),
  };
}

export function writeGovernance(appId: string, values: GovernanceValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of GOVERNANCE_ATTRIBUTES) {
    const v = values[a];
    if (v !== undefined) out[extensionName(appId, a)] = v;
  }
  return out;
}
