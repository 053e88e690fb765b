export const AUDIT_ACTIONS = [
  "Create",
  "Delete",
  "EntitlementAdd",
  "EntitlementRemove",
  "EntitlementExtend",
  "Request",
  "Approve",
  "Deny",
  "Cancel",
  "Emergency",
  "Expire",
  "Revoke",
  "Extend",
  "TimedOut",
  "Remind",
  "Escalate",
  "ApprovalRefused",
  "ProvisioningQueued",
  "ProvisioningFailed",
  "ProvisioningRetry",
  "GraphCall",
  "ReviewAssigned",
  "ReviewDecision",
  "NotifyFailed",
  "CatalogSync",
  "Terminate",
  "Violation",
  "ConfigChange",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a use case records; the audit log adds sequence number and hash chain. */
export interface AuditEntry {
  id: string;
  at: string;
  action: AuditAction;
  /** Who did it: a human id, `system:<job>` or `api:<client>`. */
  actor: string;
  /** The identity affected (UPN or identity id). */
  identity?: string;
  application: string;
  entitlement?: string;
  /** Graph object id of the affected principal or object. */
  nativeIdentity?: string;
  message: string;
  correlationId: string;
  requestId?: string;
  result: "success" | "failure" | "refused";
  details?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditLog {
  /** Appends in order, durably (fsync) before resolving. */
  append(entries: AuditEntry[]): Promise<AuditRecord[]>;
  /** Which of these entry ids are already in the log (used to replay staged entries after a crash). */
  findIds(ids: readonly string[]): Promise<Set<string>>;
  close(): Promise<void>;
}
