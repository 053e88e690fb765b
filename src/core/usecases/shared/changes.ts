import type { AccessRequest } from "../../domain/request.js";
import type { AuditAction, AuditEntry } from "../../ports/audit.js";
import type { Notice } from "../../ports/notifier.js";
import type { OutboxJob, ProvisioningOp } from "../../ports/outbox.js";
import type { CollectionName, Collections, WriteOp } from "../../ports/store.js";
import { put } from "../../ports/store.js";
import type { CoreDeps } from "./deps.js";
import type { ChangeBatch } from "./journal.js";

export interface AuditFacts {
  action: AuditAction;
  actor: string;
  message: string;
  correlationId: string;
  identity?: string;
  entitlement?: string;
  nativeIdentity?: string;
  requestId?: string;
  result?: AuditEntry["result"];
  details?: Record<string, unknown>;
}

/** Provision jobs are keyed by what they do, so enqueuing the same grant twice is a store conflict. */
export function provisionJobId(requestId: string, op: ProvisioningOp, seq = 0): string {
  return seq === 0 ? `prov_${requestId}_${op}` : `prov_${requestId}_${op}_${seq}`;
}

/** Collects the writes, audit entries and outbox jobs of one use case, committed together. */
export class ChangeSet implements ChangeBatch {
  readonly ops: WriteOp[] = [];
  readonly audit: AuditEntry[] = [];
  readonly jobs: OutboxJob[] = [];

  constructor(private readonly deps: CoreDeps) {}

  put<C extends CollectionName>(collection: C, doc: Collections[C]): this {
    this.ops.push(put(collection, doc));
    return this;
  }

  record(facts: AuditFacts): this {
    this.audit.push(auditEntry(this.deps, facts));
    return this;
  }

  provision(request: AccessRequest, op: ProvisioningOp, seq = 0): this {
    const now = this.deps.clock.now().toISOString();
    this.jobs.push({
      id: provisionJobId(request.id, op, seq),
      version: 0,
      type: "provision",
      payload: { requestId: request.id, op, grantKind: request.grantKind },
      state: "pending",
      attempts: 0,
      maxAttempts: 8,
      runAt: now,
      createdAt: now,
      updatedAt: now,
      correlationId: request.correlationId,
    });
    return this;
  }

  /** One job per notice, so a retry never re-sends what was already delivered. */
  notify(correlationId: string, notices: Notice[], refresh: { requestIds?: string[]; reviewItemIds?: string[] } = {}): this {
    const now = this.deps.clock.now().toISOString();
    const base = { version: 0, state: "pending" as const, attempts: 0, maxAttempts: 6, runAt: now, createdAt: now, updatedAt: now, correlationId };
    for (const notice of notices) {
      this.jobs.push({ ...base, id: this.deps.ids.next("job"), type: "notify", payload: { notices: [notice], refresh: { requestIds: [], reviewItemIds: [] } } });
    }
    const requestIds = refresh.requestIds ?? [];
    const reviewItemIds = refresh.reviewItemIds ?? [];
    if (requestIds.length + reviewItemIds.length > 0) {
      this.jobs.push({ ...base, id: this.deps.ids.next("job"), type: "notify", payload: { notices: [], refresh: { requestIds, reviewItemIds } } });
    }
    return this;
  }

  commit(): Promise<void> {
    return this.deps.journal.commit(this);
  }
}

export function auditEntry(deps: CoreDeps, facts: AuditFacts): AuditEntry {
  return {
    id: deps.ids.next("audit"),
    at: deps.clock.now().toISOString(),
    application: deps.application,
    result: "success",
    ...facts,
  };
}
