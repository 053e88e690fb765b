/** A person. One human may own several identities (staff, azz, b2b) linked by the 5-digit staff ID. */
export interface Human {
  id: string;
  version: number;
  staffId?: string;
  firstName: string;
  lastName: string;
  displayName: string;
  email: string;
  managerHumanId?: string;
  department?: string;
  jobTitle?: string;
  active: boolean;
  terminatedAt?: string;
}

export const IDENTITY_TYPES = ["staff", "azz", "b2b"] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export interface B2bProfile {
  partner: string;
  sponsorHumanId: string;
  startDate: string;
  endDate: string;
}

/** An account in the directory; `objectId` is the Graph object id that provisioning targets. */
export interface Identity {
  id: string;
  version: number;
  humanId: string;
  type: IdentityType;
  userPrincipalName: string;
  displayName: string;
  objectId: string;
  mail?: string;
  accountEnabled: boolean;
  b2b?: B2bProfile;
}

export const STAFF_ID_PATTERN = /^\d{5}$/;

export function azzAccountName(staffId: string): string {
  return `azz_${staffId}`;
}

/** B2B display names follow "First Last (Partner)" so that guests are recognisable everywhere. */
export function b2bDisplayName(firstName: string, lastName: string, partner: string): string {
  return `${firstName} ${lastName} (${partner})`;
}

export function b2bBaseGroupName(partner: string): string {
  return `AZZ-RBAC-B2B-${partner.replace(/\s+/g, "")}`;
}
