import { appendFile, readFile } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, exportAuditLog, type ExportFormat } from "../../src/adapters/audit/export.js";
import { openJsonlAuditLog } from "../../src/adapters/audit/jsonl-audit-log.js";
import type { AuditEntry } from "../../src/core/ports/audit.js";
import { auditEntries, auditEntry, useTempDirs } from "./audit-fixtures.js";

const tempDir = useTempDirs("pim-export-");

async function logWith(entries: AuditEntry[]): Promise<string> {
  const log = await openJsonlAuditLog({ dataDir: await tempDir() });
  await log.append(entries);
  await log.close();
  return log.file;
}

async function exported(file: string, format: ExportFormat): Promise<{ text: string; count: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const { count } = await exportAuditLog({ file, format, out });
  return { text: Buffer.concat(chunks).toString("utf8"), count };
}

describe("exportAuditLog", () => {
  it("exports JSONL as the stored lines, byte for byte", async () => {
    const file = await logWith(auditEntries(1, 12));
    const { text, count } = await exported(file, "jsonl");
    expect(count).toBe(12);
    expect(text).toBe(await readFile(file, "utf8"));
  });

  it("exports CSV with a header and one row per record in the documented columns", async () => {
    const file = await logWith([auditEntry(1), auditEntry(2, { identity: undefined, requestId: undefined, result: "refused" })]);
    const { text, count } = await exported(file, "csv");
    const records = (await readFile(file, "utf8")).trim().split("\n").map((l) => JSON.parse(l));

    expect(count).toBe(2);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toEqual(records.map((r) => Object.fromEntries(CSV_COLUMNS.map((c) => [c, r[c] === undefined ? "" : String(r[c])]))));
    expect(rows[1]).toMatchObject({ seq: "2", identity: "", requestId: "", result: "refused" });
  });

  it("keeps commas, quotes and line breaks inside CSV cells", async () => {
    const message = 'Approved "as is", see ticket\nINC-42';
    const file = await logWith([auditEntry(1, { message })]);
    const rows = parse((await exported(file, "csv")).text, { columns: true }) as Record<string, string>[];
    expect(rows[0]!.message).toBe(message);
  });

  it("defuses CSV cells a spreadsheet would run as a formula", async () => {
    const file = await logWith([auditEntry(1, { message: '=HYPERLINK("http://evil.example","click")' })]);
    const rows = parse((await exported(file, "csv")).text, { columns: true }) as Record<string, string>[];
    expect(rows[0]!.message).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });

  it("stops at a line that is not a record and names it", async () => {
    const file = await logWith(auditEntries(1, 3));
    await appendFile(file, "oops\n");
    await expect(exported(file, "csv")).rejects.toMatchObject({ code: "AUDIT_CHAIN_BROKEN", details: { line: 4 } });
  });
});
