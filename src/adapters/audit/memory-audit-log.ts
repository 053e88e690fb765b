import type { AuditEntry, AuditLog, AuditRecord } from "../../core/ports/audit.js";
import { GENESIS_HASH, recordHash } from "./record-hash.js";

/** Same chain as the JSON-lines log, kept in memory: for tests, benchmarks and `STORE=memory` demos. */
export class MemoryAuditLog implements AuditLog {
  readonly records: AuditRecord[] = [];

  async append(entries: AuditEntry[]): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    for (const entry of entries) {
      const prev = this.records.at(-1);
      const body = { ...entry, seq: (prev?.seq ?? 0) + 1, prevHash: prev?.hash ?? GENESIS_HASH };
      const record: AuditRecord = { ...body, hash: recordHash(body) };
      this.records.push(record);
      out.push(record);
    }
    return out;
  }

  async findIds(ids: readonly string[]): Promise<Set<string>> {
    const wanted = new Set(ids);
    return new Set(this.records.filter((r) => wanted.has(r.id)).map((r) => r.id));
  }

  async close(): Promise<void> {}
}
