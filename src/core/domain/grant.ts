import type { GrantKind } from "./entitlement.js";

export const GRANT_STATES = ["active", "expired", "revoked"] as const;
export type GrantState = (typeof GRANT_STATES)[number];

/** How an identity holds an entitlement, and which request produced it. */
export interface Grant {
  id: string;
  version: number;
  requestId?: string;
  humanId: string;
  identityId: string;
  entitlementId: string;
  kind: GrantKind;
  state: GrantState;
  startAt: string;
  endAt: string;
  emergency: boolean;
  grantedAt: string;
  endedAt?: string;
  /** When the holder last activated or used it, as last read from the directory. */
  lastActivationAt?: string;
}
