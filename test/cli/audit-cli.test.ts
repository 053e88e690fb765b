import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import { openJsonlAuditLog } from "../../src/adapters/audit/jsonl-audit-log.js";
import type { AuditRecord } from "../../src/core/ports/audit.js";
import { auditEntries, auditEntry } from "../contract/audit-fixtures.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const bin = path.join(repoRoot, "bin", "pim.mjs");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real CLI in a child process, as an operator would run it. */
function pim(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  const { NODE_OPTIONS: _inheritedLoaderFlags, DATA_DIR: _inheritedDataDir, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: options.cwd ?? repoRoot, env: { ...env, ...options.env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function logWith(count: number): Promise<{ dataDir: string; file: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "pim-cli-"));
  dirs.push(dataDir);
  const log = await openJsonlAuditLog({ dataDir });
  await log.append(auditEntries(1, count - 1));
  await log.append([auditEntry(count, { message: 'Revoked, "as agreed"\nby security' })]);
  await log.close();
  return { dataDir, file: log.file };
}

describe("pim audit verify", () => {
  it("reports an intact chain with its record count and exits 0", async () => {
    const { file } = await logWith(30);
    const run = await pim(["audit", "verify", "--file", file]);
    expect(run).toMatchObject({ code: 0, stdout: "audit chain OK: 30 records\n", stderr: "" });
  });

  it("reads $DATA_DIR/audit.jsonl when no file is given", async () => {
    const { dataDir } = await logWith(3);
    const run = await pim(["audit", "verify"], { env: { DATA_DIR: dataDir } });
    expect(run).toMatchObject({ code: 0, stdout: "audit chain OK: 3 records\n" });
  });

  it("defaults to ./data/audit.jsonl in the working directory when DATA_DIR is unset or empty", async () => {
    const workDir = await mkdtemp(path.join(tmpdir(), "pim-cli-cwd-"));
    dirs.push(workDir);
    const log = await openJsonlAuditLog({ dataDir: path.join(workDir, "data") });
    await log.append(auditEntries(1, 2));
    await log.close();
    expect(await pim(["audit", "verify"], { cwd: workDir })).toMatchObject({ code: 0, stdout: "audit chain OK: 2 records\n" });
    expect(await pim(["audit", "verify"], { cwd: workDir, env: { DATA_DIR: "" } })).toMatchObject({ code: 0 });
  });

  it("exits 1 and names the damaged record after one byte in the middle of the file is flipped", async () => {
    const { file } = await logWith(30);
    const bytes = await readFile(file);
    const middle = Math.floor(bytes.length / 2);
    const line = bytes.subarray(0, middle).filter((b) => b === 0x0a).length + 1;
    bytes[middle] = bytes[middle]! ^ 0x01;
    await writeFile(file, bytes);

    const run = await pim(["audit", "verify", "--file", file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(new RegExp(`^audit chain BROKEN at record seq ${line} \\(line ${line}\\): .+`));
  });

  it("exits 2 when the log does not exist", async () => {
    const missing = path.join(tmpdir(), "pim-cli-does-not-exist", "audit.jsonl");
    const run = await pim(["audit", "verify", "--file", missing]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`audit log not found: ${missing}`);
  });
});

describe("pim audit export", () => {
  it("exports JSONL to standard output exactly as stored, and the copy verifies", async () => {
    const { dataDir, file } = await logWith(12);
    const run = await pim(["audit", "export", "--format", "jsonl", "--file", file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(await readFile(file, "utf8"));

    const copy = path.join(dataDir, "copy.jsonl");
    await writeFile(copy, run.stdout);
    expect(await pim(["audit", "verify", "--file", copy])).toMatchObject({ code: 0, stdout: "audit chain OK: 12 records\n" });
  });

  it("exports CSV to a file, one row per record with the documented columns", async () => {
    const { dataDir, file } = await logWith(12);
    const out = path.join(dataDir, "audit.csv");
    const run = await pim(["audit", "export", "--format", "csv", "--file", file, "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`exported 12 records to ${out}`);

    const records = (await readFile(file, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as AuditRecord);
    const rows = parse(await readFile(out, "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => ({ ...r, seq: Number(r.seq) }))).toEqual(
      records.map((r) => ({
        seq: r.seq,
        at: r.at,
        action: r.action,
        actor: r.actor,
        identity: r.identity ?? "",
        application: r.application,
        entitlement: r.entitlement ?? "",
        nativeIdentity: r.nativeIdentity ?? "",
        message: r.message,
        correlationId: r.correlationId,
        requestId: r.requestId ?? "",
        result: r.result,
        hash: r.hash,
      })),
    );
  });

  it("refuses an unknown format, naming the allowed ones, with exit code 2", async () => {
    const { file } = await logWith(1);
    const run = await pim(["audit", "export", "--format", "xml", "--file", file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/xml/);
    expect(run.stderr).toMatch(/jsonl, csv/);
  });

  it("requires a format", async () => {
    const { file } = await logWith(1);
    const run = await pim(["audit", "export", "--file", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--format/);
  });
});
