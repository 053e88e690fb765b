import { appendFile, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openJsonlAuditLog, type JsonlAuditLog } from "../../src/adapters/audit/jsonl-audit-log.js";
import { GENESIS_HASH, recordHash } from "../../src/adapters/audit/record-hash.js";
import { verifyAuditChain } from "../../src/adapters/audit/verify.js";
import type { AuditRecord } from "../../src/core/ports/audit.js";
import { auditEntries, auditEntry, useTempDirs } from "./audit-fixtures.js";

const tempDir = useTempDirs("pim-audit-");
const logs: JsonlAuditLog[] = [];
async function openLog(dataDir: string, options: { findIdsByteBudget?: number } = {}): Promise<JsonlAuditLog> {
  const log = await openJsonlAuditLog({ dataDir, ...options });
  logs.push(log);
  return log;
}
afterEach(async () => {
  await Promise.all(logs.splice(0).map((l) => l.close()));
});

async function fileRecords(dataDir: string): Promise<AuditRecord[]> {
  const text = await readFile(path.join(dataDir, "audit.jsonl"), "utf8");
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as AuditRecord);
}

describe("JsonlAuditLog — appending", () => {
  it("writes each entry as one line with seq, prevHash and hash, starting from 64 zeros", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    const [first, second] = await log.append([auditEntry(1), auditEntry(2)]);

    expect(first).toEqual({ ...auditEntry(1), seq: 1, prevHash: GENESIS_HASH, hash: recordHash({ ...auditEntry(1), seq: 1, prevHash: GENESIS_HASH }) });
    expect(second).toMatchObject({ ...auditEntry(2), seq: 2, prevHash: first!.hash });
    expect(second!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await fileRecords(dataDir)).toEqual([first, second]);
  });

  it("continues the chain across appends and across reopening", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    await log.append(auditEntries(1, 3));
    await log.close();

    const reopened = await openLog(dataDir);
    expect(reopened.recovered).toBeUndefined();
    const [next] = await reopened.append([auditEntry(4)]);
    const all = await fileRecords(dataDir);
    expect(next).toMatchObject({ seq: 4, prevHash: all[2]!.hash });
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(await verifyAuditChain(reopened.file)).toMatchObject({ ok: true, count: 4 });
  });

  it("keeps one unbroken chain when many appends are made at once", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => log.append([auditEntry(i * 2), auditEntry(i * 2 + 1)])));

    expect(results.flat().map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await verifyAuditChain(log.file)).toEqual({ ok: true, count: 40, lastHash: log.lastHash });
  });

  it("stores what a JSON reader will see: dates as strings, undefined fields left out", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    const [record] = await log.append([auditEntry(1, { identity: undefined, details: { at: new Date("2025-03-01T00:00:00Z") } })]);
    expect(record).not.toHaveProperty("identity");
    expect(record!.details).toEqual({ at: "2025-03-01T00:00:00.000Z" });
    expect(await fileRecords(dataDir)).toEqual([record]);
    expect(await verifyAuditChain(log.file)).toMatchObject({ ok: true, count: 1 });
  });

  it("ignores chain fields an entry already carries", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    const forged = { ...auditEntry(1), seq: 99, prevHash: "f".repeat(64), hash: "e".repeat(64) };
    const [record] = await log.append([forged]);
    expect(record).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(await verifyAuditChain(log.file)).toMatchObject({ ok: true, count: 1 });
  });

  it("refuses an entry without an id or a valid time and writes nothing of that batch", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    await expect(log.append([auditEntry(1), auditEntry(2, { id: "" }), auditEntry(3, { at: "yesterday" })])).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ field: "entries[1].id" }, { field: "entries[2].at" }],
    });
    expect(await fileRecords(dataDir)).toEqual([]);
    expect((await log.append([auditEntry(1)]))[0]!.seq).toBe(1);
  });

  it("adds no field that looks like a credential to what use cases record", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    await log.append(auditEntries(1, 10));
    const names: string[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
          names.push(k);
          collect(v);
        }
      }
    };
    (await fileRecords(dataDir)).forEach(collect);
    expect(names).toContain("prevHash");
    expect(names.filter((n) => /token|secret|password|credential/i.test(n))).toEqual([]);
  });

  it("creates the file readable by its owner only", async () => {
    const dataDir = path.join(await tempDir(), "nested");
    const log = await openLog(dataDir);
    await log.append([auditEntry(1)]);
    if (process.platform !== "win32") expect((await stat(log.file)).mode & 0o777).toBe(0o600);
  });

  it("finishes appends queued before close and refuses appends after it", async () => {
    const dataDir = await tempDir();
    const log = await openJsonlAuditLog({ dataDir });
    const queued = log.append([auditEntry(1)]);
    const closing = log.close();
    await expect(log.append([auditEntry(2)])).rejects.toThrow(/closed/);
    await expect(queued).resolves.toHaveLength(1);
    await closing;
    expect((await fileRecords(dataDir)).map((r) => r.id)).toEqual([auditEntry(1).id]);
  });
});

describe("JsonlAuditLog — opening after a crash", () => {
  it("cuts off a torn last line, reports it, and keeps every complete record", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    await log.append(auditEntries(1, 3));
    await log.close();
    const intact = await readFile(log.file);
    await appendFile(log.file, '{"action":"Approve","actor":"h-a');

    const reopened = await openLog(dataDir);
    expect(reopened.recovered).toEqual({ offset: intact.length, truncatedBytes: 32, droppedText: '{"action":"Approve","actor":"h-a' });
    expect(await readFile(log.file)).toEqual(intact);
    await reopened.append([auditEntry(4)]);
    expect(await verifyAuditChain(log.file)).toMatchObject({ ok: true, count: 4 });
  });

  it("keeps the complete lines of a batch that was cut short and drops only its partial line", async () => {
    const dataDir = await tempDir();
    const scratch = await tempDir();
    const full = await openLog(scratch);
    await full.append(auditEntries(1, 5));
    const lines = (await readFile(full.file, "utf8")).split("\n");
    // Records 1-2 acknowledged, records 3-4 written, record 5 cut in the middle.
    await writeFile(path.join(dataDir, "audit.jsonl"), `${lines.slice(0, 4).join("\n")}\n${lines[4]!.slice(0, 40)}`);

    const reopened = await openLog(dataDir);
    expect(reopened.recovered?.truncatedBytes).toBe(40);
    expect((await fileRecords(dataDir)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect((await reopened.append([auditEntry(5)]))[0]!.seq).toBe(5);
    expect(await verifyAuditChain(reopened.file)).toMatchObject({ ok: true, count: 5 });
  });

  it("cuts off zero bytes a file system left after the last line", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    await log.append(auditEntries(1, 2));
    await log.close();
    await appendFile(log.file, Buffer.alloc(4096));

    const reopened = await openLog(dataDir);
    expect(reopened.recovered?.truncatedBytes).toBe(4096);
    expect((await reopened.append([auditEntry(3)]))[0]!.seq).toBe(3);
    expect(await verifyAuditChain(log.file)).toMatchObject({ ok: true, count: 3 });
  });

  it("empties a file that holds only a torn first line", async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, "audit.jsonl"), '{"act');
    const log = await openLog(dataDir);
    expect(log.recovered).toMatchObject({ offset: 0, truncatedBytes: 5 });
    expect((await log.append([auditEntry(1)]))[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
  });

  it("refuses to open when the last complete line is not a record, and leaves the file alone", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    await log.append(auditEntries(1, 2));
    await log.close();
    await appendFile(log.file, "not a record\n");
    const before = await readFile(log.file);

    await expect(openJsonlAuditLog({ dataDir })).rejects.toMatchObject({ code: "AUDIT_CHAIN_BROKEN", details: { file: log.file } });
    expect(await readFile(log.file)).toEqual(before);
  });

  it("opens without reading old records: damage far back is left for verify to report", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    await log.append(auditEntries(1, 3));
    await log.close();
    const text = await readFile(log.file, "utf8");
    await writeFile(log.file, `GARBAGE${text.slice(7)}`);

    const reopened = await openLog(dataDir);
    expect((await reopened.append([auditEntry(4)]))[0]!.seq).toBe(4);
    expect(await verifyAuditChain(log.file)).toMatchObject({ ok: false, brokenAt: { line: 1, reason: "unparsable" } });
  });
});

describe("JsonlAuditLog — findIds", () => {
  it("reports which of the given ids are in the log", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    await log.append(auditEntries(1, 50));
    const found = await log.findIds([auditEntry(1).id, auditEntry(50).id, auditEntry(25).id, "au-missing"]);
    expect([...found].sort()).toEqual([auditEntry(1).id, auditEntry(25).id, auditEntry(50).id]);
    expect(await log.findIds([])).toEqual(new Set());
  });

  it("matches only the record id, not the same text elsewhere in a record", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    await log.append([auditEntry(1, { details: { id: "au-staged" }, message: 'see "id":"au-staged"' })]);
    expect(await log.findIds(["au-staged"])).toEqual(new Set());
  });

  it("finds records appended by an earlier process", async () => {
    const dataDir = await tempDir();
    const first = await openLog(dataDir);
    await first.append(auditEntries(1, 5));
    await first.close();
    const second = await openLog(dataDir);
    expect(await second.findIds([auditEntry(3).id])).toEqual(new Set([auditEntry(3).id]));
  });

  it("looks back only as far as its byte budget", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir, { findIdsByteBudget: 4096 });
    await log.append(auditEntries(1, 200));
    const lineBytes = (await readFile(log.file)).length / 200;
    expect(lineBytes * 20).toBeGreaterThan(4096);

    const found = await log.findIds([auditEntry(1).id, auditEntry(200).id, auditEntry(199).id]);
    expect(found).toEqual(new Set([auditEntry(200).id, auditEntry(199).id]));
  });

  it("handles records longer than one read chunk", async () => {
    const dataDir = await tempDir();
    const log = await openLog(dataDir);
    const long = "x".repeat(200_000);
    await log.append([auditEntry(1), auditEntry(2, { message: long }), auditEntry(3)]);
    expect(await log.findIds([auditEntry(1).id, auditEntry(2).id])).toEqual(new Set([auditEntry(1).id, auditEntry(2).id]));
    await log.close();
    const reopened = await openLog(dataDir);
    await reopened.append([auditEntry(4, { message: long })]);
    await reopened.close();
    const again = await openLog(dataDir);
    expect((await again.append([auditEntry(5)]))[0]!.seq).toBe(5);
    expect(await verifyAuditChain(again.file)).toMatchObject({ ok: true, count: 5 });
  });
});
