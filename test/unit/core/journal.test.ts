import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JsonlAuditLog } from "../../../src/adapters/audit/jsonl-audit-log.js";
import { createMemoryStore } from "../../../src/adapters/storage/memory-store.js";
import { silentLogger } from "../../../src/core/ports/logger.js";
import { put } from "../../../src/core/ports/store.js";
import type { AuditEntry } from "../../../src/core/ports/audit.js";
import { Journal } from "../../../src/core/usecases/shared/journal.js";

const entry = (id: string): AuditEntry => ({ id, at: "2026-11-23T09:00:00.000Z", action: "ConfigChange", actor: "system:test", application: "EntraID-Test", message: `change ${id}`, correlationId: "corr_1", result: "success" });
const meta = (id: string) => put("meta", { id, version: 0, value: id });

async function lines(file: string): Promise<{ id: string }[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trim() ? text.trim().split("\n").map((l) => JSON.parse(l) as { id: string }) : [];
}

describe("journal: state change and its audit record", () => {
  it("keeps the audit entry staged when the log append fails, and replays it after restart", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pim-journal-"));
    const store = createMemoryStore();
    const broken = await JsonlAuditLog.open({ dataDir: dir });
    await broken.close(); // appends now fail, as a full disk or a crash would make them
    const journal = new Journal(store, broken, silentLogger);
    await journal.commit({ ops: [meta("m1")], audit: [entry("au_1")], jobs: [] });
    expect(await store.get("meta", "m1")).toBeDefined();
    expect((await store.find("auditStaging")).map((s) => s.id)).toEqual(["au_1"]);

    const log = await JsonlAuditLog.open({ dataDir: dir });
    const restarted = new Journal(store, log, silentLogger);
    expect(await restarted.recover()).toEqual({ replayed: 1 });
    expect((await lines(log.file)).map((r) => r.id)).toEqual(["au_1"]);
    expect(await store.find("auditStaging")).toEqual([]);
    await log.close();
  });

  it("does not append twice an entry the log already has (crash after append, before pruning)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pim-journal-"));
    const store = createMemoryStore();
    const log = await JsonlAuditLog.open({ dataDir: dir });
    await new Journal(store, log, silentLogger).commit({ ops: [meta("m1")], audit: [entry("au_1"), entry("au_2")], jobs: [] });
    expect((await store.find("auditStaging")).length).toBe(2); // pruned only with the next commit
    const restarted = new Journal(store, log, silentLogger);
    expect(await restarted.recover()).toEqual({ replayed: 0 });
    expect((await lines(log.file)).map((r) => r.id)).toEqual(["au_1", "au_2"]);
    await log.close();
  });

  it("prunes confirmed staging entries in the next commit, not in an extra write", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pim-journal-"));
    const store = createMemoryStore();
    const log = await JsonlAuditLog.open({ dataDir: dir });
    const journal = new Journal(store, log, silentLogger);
    await journal.commit({ ops: [meta("m1")], audit: [entry("au_1")], jobs: [] });
    await journal.commit({ ops: [meta("m2")], audit: [entry("au_2")], jobs: [] });
    expect((await store.find("auditStaging")).map((s) => s.id)).toEqual(["au_2"]);
    await journal.flush();
    expect(await store.find("auditStaging")).toEqual([]);
    await log.close();
  });

  it("writes neither state nor audit when the state change loses a compare-and-swap", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pim-journal-"));
    const store = createMemoryStore();
    const log = await JsonlAuditLog.open({ dataDir: dir });
    const journal = new Journal(store, log, silentLogger);
    await journal.commit({ ops: [meta("m1")], audit: [], jobs: [] });
    await expect(journal.commit({ ops: [meta("m1")], audit: [entry("au_9")], jobs: [] })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await lines(log.file)).toEqual([]);
    expect(await store.find("auditStaging")).toEqual([]);
    await log.close();
  });
});
