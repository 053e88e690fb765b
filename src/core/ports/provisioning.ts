import type { EntitlementTarget, EntitlementType, GrantKind } from "../domain/entitlement.js";

/** Context every provisioning call carries, so the adapter can audit it and make it idempotent. */
export interface ProvisioningContext {
  correlationId: string;
  /** Stable per logical change: retries and replays after a crash reuse it. */
  idempotencyKey: string;
  actor: string;
}

export type ProvisioningChange =
  | {
      op: "grant";
      kind: GrantKind;
      target: EntitlementTarget;
      principalId: string;
      startAt: string;
      endAt: string;
      justification: string;
      ticket?: string;
    }
  | { op: "remove"; kind: GrantKind; target: EntitlementTarget; principalId: string; justification: string }
  | { op: "extend"; kind: GrantKind; target: EntitlementTarget; principalId: string; endAt: string; justification: string }
  | {
      op: "inviteGuest";
      email: string;
      firstName: string;
      lastName: string;
      partner: string;
      redirectUrl: string;
      baseGroupId?: string;
    }
  | { op: "deleteGuest"; principalId: string };

export interface ProvisioningResult {
  /** `applied`: Graph made the change; `alreadyInPlace`: it already held (idempotent success after read-back). */
  outcome: "applied" | "alreadyInPlace" | "partial";
  graphRequestIds: string[];
  /** Object created by the call (e.g. the invited guest's user id). */
  objectId?: string;
  /** For `partial`: what did not happen (e.g. the partner base group is missing). */
  message?: string;
}

/**
 * The one module that changes the tenant. Every approved change from chat, API, CLI or a campaign
 * goes through it. Errors are `ProvisioningError` with `retryable` set.
 */
export interface Provisioning {
  apply(change: ProvisioningChange, ctx: ProvisioningContext): Promise<ProvisioningResult>;
  /** Bulk variant: same semantics per item, grouped into JSON batches by the adapter. */
  applyMany(items: { change: ProvisioningChange; ctx: ProvisioningContext }[]): Promise<Array<ProvisioningResult | Error>>;
}

export interface CatalogSyncItem {
  code: string;
  displayName: string;
  description?: string;
  type: EntitlementType;
  graphObjectId: string;
  target: EntitlementTarget;
  /** Governance attributes the security team keeps on the group (Privileged, iRequest, Owner, Deputy, tenant, value stream). */
  privileged?: boolean;
  requestable?: boolean;
  ownerStaffId?: string;
  deputyStaffId?: string;
  tenant?: string;
  valueStream?: string;
}

/** Read-only questions to the directory: evidence for reviews, managers, catalogue sync. */
export interface Directory {
  managerOf(principalId: string): Promise<{ objectId: string; userPrincipalName: string } | undefined>;
  lastSignIn(principalId: string): Promise<string | undefined>;
  lastActivation(principalId: string, target: EntitlementTarget): Promise<string | undefined>;
  listCatalog(): Promise<CatalogSyncItem[]>;
}
