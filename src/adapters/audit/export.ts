import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { AuditRecord } from "../../core/ports/audit.js";
import { readAuditRecords } from "./read-records.js";

export const EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_COLUMNS = [
  "seq",
  "at",
  "action",
  "actor",
  "identity",
  "application",
  "entitlement",
  "nativeIdentity",
  "message",
  "correlationId",
  "requestId",
  "result",
  "hash",
] as const satisfies readonly (keyof AuditRecord)[];

export interface ExportOptions {
  file: string;
  format: ExportFormat;
  out: Writable;
  /** Whether to end `out` when done; false for process.stdout. */
  end?: boolean;
}

/**
 * Streams an audit log to `out` with backpressure. JSONL is the stored lines byte for byte, so the
 * export can be verified like the log. CSV has one row per record with the columns auditors read;
 * `details` is left out. Cells that a spreadsheet would run as a formula (starting with = + - @)
 * are prefixed with a quote, because messages can contain text a user typed.
 */
export async function exportAuditLog(options: ExportOptions): Promise<{ count: number }> {
  let count = 0;
  const records = readAuditRecords(options.file);
  const end = options.end ?? true;
  if (options.format === "jsonl") {
    const lines = Readable.from(
      (async function* () {
        for await (const { text } of records) {
          count += 1;
          yield `${text}\n`;
        }
      })(),
    );
    await pipeline(lines, options.out, { end });
  } else {
    const rows = Readable.from(
      (async function* () {
        for await (const { record } of records) {
          count += 1;
          yield record;
        }
      })(),
    );
    const csv = stringify({ header: true, columns: [...CSV_COLUMNS], escape_formulas: true });
    await pipeline(rows, csv, options.out, { end });
  }
  return { count };
}

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}
