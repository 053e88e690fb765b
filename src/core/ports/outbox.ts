import type { GrantKind } from "../domain/entitlement.js";
import type { Notice } from "./notifier.js";

export type ProvisioningOp = "grant" | "remove" | "extend";

export interface ProvisionJobPayload {
  requestId: string;
  op: ProvisioningOp;
  grantKind: GrantKind;
}

export interface NotifyJobPayload {
  notices: Notice[];
  /** Re-render every posted copy of these subjects after the notices are sent. */
  refresh: { requestIds: string[]; reviewItemIds: string[] };
}

export type OutboxJob =
  | (OutboxJobBase & { type: "provision"; payload: ProvisionJobPayload })
  | (OutboxJobBase & { type: "notify"; payload: NotifyJobPayload });

export type OutboxJobType = OutboxJob["type"];

export interface OutboxJobBase {
  /** Derived from what the job does, so that enqueuing the same work twice collides in the store. */
  id: string;
  version: number;
  state: "pending" | "running" | "done" | "dead";
  attempts: number;
  maxAttempts: number;
  runAt: string;
  leaseUntil?: string;
  lastError?: { code: string; message: string; at: string };
  createdAt: string;
  updatedAt: string;
  correlationId: string;
}
