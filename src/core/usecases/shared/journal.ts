import type { AuditEntry, AuditLog } from "../../ports/audit.js";
import type { Logger } from "../../ports/logger.js";
import type { OutboxJob } from "../../ports/outbox.js";
import type { Store, WriteOp } from "../../ports/store.js";
import { put, remove } from "../../ports/store.js";

export interface ChangeBatch {
  ops: WriteOp[];
  audit: AuditEntry[];
  jobs: OutboxJob[];
}

/**
 * Makes "state change + its audit record + the work it triggers" one atomic step.
 *
 * The audit log is a separate append-only file, so it cannot share the store's transaction. Each
 * audit entry is therefore committed to the store (`auditStaging`) together with the change and the
 * outbox jobs, then appended to the log. A crash in between leaves the entry staged; `recover()`
 * appends whatever the log does not have yet. Staged entries the log has confirmed are deleted in
 * the next commit, so this costs no extra writes.
 */
export class Journal {
  private confirmed: string[] = [];
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {}

  /** Called after every successful commit that enqueued jobs (the outbox worker wakes up). */
  onJobsEnqueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  async commit(batch: ChangeBatch): Promise<void> {
    const prune = this.confirmed.splice(0);
    const ops: WriteOp[] = [
      ...batch.ops,
      ...batch.jobs.map((j) => put("outbox", j)),
      ...batch.audit.map((entry) => put("auditStaging", { id: entry.id, version: 0, entry })),
      ...prune.map((id) => remove("auditStaging", id)),
    ];
    try {
      await this.store.commit(ops);
    } catch (e) {
      this.confirmed.push(...prune);
      throw e;
    }
    await this.appendStaged(batch.audit);
    if (batch.jobs.length > 0 || batch.ops.some((o) => o.collection === "outbox")) for (const l of this.listeners) l();
  }

  /** For events that change no state (a refused approval): straight to the log. */
  async record(entries: AuditEntry[]): Promise<void> {
    await this.audit.append(entries);
  }

  private async appendStaged(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.audit.append(entries);
      this.confirmed.push(...entries.map((e) => e.id));
    } catch (e) {
      // The entries stay staged in the store; recover() appends them. The state change stands.
      this.logger.error({ err: e, count: entries.length }, "audit append failed; entries remain staged for recovery");
    }
  }

  /** Appends staged entries the log does not have (after a crash), then clears the staging area. */
  async recover(): Promise<{ replayed: number }> {
    const staged = (await this.store.find("auditStaging")).sort((a, b) => a.entry.at.localeCompare(b.entry.at));
    if (staged.length === 0) return { replayed: 0 };
    const present = await this.audit.findIds(staged.map((s) => s.id));
    const missing = staged.filter((s) => !present.has(s.id)).map((s) => s.entry);
    if (missing.length > 0) await this.audit.append(missing);
    await this.store.commit(staged.map((s) => remove("auditStaging", s.id)));
    this.confirmed = [];
    return { replayed: missing.length };
  }

  /** Deletes confirmed staging entries now (on shutdown), instead of with the next commit. */
  async flush(): Promise<void> {
    const prune = this.confirmed.splice(0);
    if (prune.length > 0) await this.store.commit(prune.map((id) => remove("auditStaging", id)));
  }
}
