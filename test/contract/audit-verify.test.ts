import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openJsonlAuditLog } from "../../src/adapters/audit/jsonl-audit-log.js";
import { recordHash } from "../../src/adapters/audit/record-hash.js";
import { verifyAuditChain } from "../../src/adapters/audit/verify.js";
import { auditEntries, useTempDirs } from "./audit-fixtures.js";

const tempDir = useTempDirs("pim-verify-");

async function writtenLog(count: number): Promise<{ file: string; lines: string[]; lastHash: string }> {
  const log = await openJsonlAuditLog({ dataDir: await tempDir() });
  await log.append(auditEntries(1, count));
  await log.close();
  const lines = (await readFile(log.file, "utf8")).split("\n").slice(0, -1);
  return { file: log.file, lines, lastHash: log.lastHash };
}

async function rewrite(file: string, lines: string[]): Promise<void> {
  await writeFile(file, `${lines.join("\n")}\n`);
}

describe("verifyAuditChain", () => {
  it("accepts an intact log and counts its records", async () => {
    const { file, lastHash } = await writtenLog(25);
    expect(await verifyAuditChain(file)).toEqual({ ok: true, count: 25, lastHash });
  });

  it("accepts an empty log", async () => {
    const file = path.join(await tempDir(), "audit.jsonl");
    await writeFile(file, "");
    expect(await verifyAuditChain(file)).toMatchObject({ ok: true, count: 0 });
  });

  it("names the record whose content was edited", async () => {
    const { file, lines } = await writtenLog(10);
    lines[6] = lines[6]!.replace('"result":"success"', '"result":"failure"');
    await rewrite(file, lines);
    expect(await verifyAuditChain(file)).toMatchObject({ ok: false, count: 6, brokenAt: { line: 7, seq: 7, reason: "hash_mismatch" } });
  });

  it("catches an edited record whose own hash was recomputed, at the record after it", async () => {
    const { file, lines } = await writtenLog(10);
    const record = JSON.parse(lines[3]!);
    record.message = "nothing to see here";
    record.hash = recordHash(record);
    lines[3] = JSON.stringify(record);
    await rewrite(file, lines);
    expect(await verifyAuditChain(file)).toMatchObject({ ok: false, count: 4, brokenAt: { line: 5, seq: 5, reason: "prev_hash_mismatch" } });
  });

  it("names a removed record as a sequence gap", async () => {
    const { file, lines } = await writtenLog(10);
    lines.splice(4, 1);
    await rewrite(file, lines);
    const result = await verifyAuditChain(file);
    expect(result).toMatchObject({ ok: false, count: 4, brokenAt: { line: 5, seq: 6, reason: "seq_gap" } });
    expect(!result.ok && result.brokenAt.detail).toMatch(/expected seq 5, found 6/);
  });

  it("names a line that is not JSON with the seq expected there", async () => {
    const { file, lines } = await writtenLog(5);
    lines[2] = lines[2]!.slice(0, 30);
    await rewrite(file, lines);
    expect(await verifyAuditChain(file)).toMatchObject({ ok: false, count: 2, brokenAt: { line: 3, seq: 3, reason: "unparsable" } });
  });

  it("says when the only damage is an append cut short by a crash", async () => {
    const { file, lines } = await writtenLog(4);
    await writeFile(file, `${lines.join("\n")}\n${lines[0]!.slice(0, 25)}`);
    const result = await verifyAuditChain(file);
    expect(result).toMatchObject({ ok: false, count: 4, brokenAt: { line: 5, seq: 5, reason: "unparsable" } });
    expect(!result.ok && result.brokenAt.detail).toMatch(/last line is incomplete/);
  });

  it("does not excuse a damaged line that is followed by a newline", async () => {
    const { file, lines } = await writtenLog(4);
    lines[3] = lines[3]!.slice(0, 25);
    await rewrite(file, lines);
    const result = await verifyAuditChain(file);
    expect(result).toMatchObject({ ok: false, brokenAt: { line: 4, reason: "unparsable" } });
    expect(!result.ok && result.brokenAt.detail).not.toMatch(/incomplete/);
  });

  it("detects a final newline replaced by a byte that is not valid UTF-8", async () => {
    const { file } = await writtenLog(8);
    const damaged = await readFile(file);
    damaged[damaged.length - 1] = 0xca; // found by the property below (seed 981195855)
    await writeFile(file, damaged);
    expect(await verifyAuditChain(file)).toMatchObject({ ok: false, brokenAt: { line: 8, reason: "unparsable" } });
  });

  it("does not leak a file descriptor per verification", async () => {
    const { file, lines } = await writtenLog(4);
    lines[1] = lines[1]!.replace('"result":"success"', '"result":"failure"');
    await rewrite(file, lines);
    // Early returns used to leave the read stream open; a few thousand calls then hit EMFILE.
    for (let i = 0; i < 3000; i++) expect((await verifyAuditChain(file)).ok).toBe(false);
  });

  it("detects any single changed byte anywhere in the file", async () => {
    const { file } = await writtenLog(8);
    const original = await readFile(file);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
        const damaged = Buffer.from(original);
        damaged[at] = damaged[at]! ^ mask;
        await writeFile(file, damaged);
        expect((await verifyAuditChain(file)).ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});
