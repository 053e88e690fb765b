import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { ErrorCodes, StorageError } from "../../core/errors.js";
import type { AuditRecord } from "../../core/ports/audit.js";

export interface RawAuditRecord {
  line: number;
  /** The line exactly as stored, so a JSONL export keeps every byte the hashes cover. */
  text: string;
  record: AuditRecord;
}

/** Streams the records of an audit log in order; a line that is not a JSON object stops with AUDIT_CHAIN_BROKEN. */
export async function* readAuditRecords(file: string): AsyncGenerator<RawAuditRecord> {
  const input = createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        record = undefined;
      }
      if (typeof record !== "object" || record === null || Array.isArray(record)) {
        throw new StorageError(
          ErrorCodes.AUDIT_CHAIN_BROKEN,
          `Line ${line} of audit log ${file} is not a JSON record; run "pim audit verify --file ${file}" for details.`,
          { file, line },
        );
      }
      yield { line, text, record: record as AuditRecord };
    }
  } finally {
    // Closing readline does not close its input: without this an early return leaks the descriptor.
    lines.close();
    input.destroy();
  }
}
