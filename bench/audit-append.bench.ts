import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openJsonlAuditLog, type JsonlAuditLog } from "../src/adapters/audit/jsonl-audit-log.js";
import { openLowdbStore, type LowdbStore } from "../src/adapters/storage/lowdb-store.js";
import type { AccessRequest } from "../src/core/domain/request.js";
import type { AuditEntry } from "../src/core/ports/audit.js";
import { put } from "../src/core/ports/store.js";
import { measureAlternating, printTable, ratio, type Measurement } from "./lib.js";

/**
 * Does the cost of an audit append (fsync included) depend on how long the log already is?
 * The goal is a 100k/1k ratio ≤ 1.5: append and start-up must read only the end of the file.
 */
const SMALL = 1_000;
const LARGE = 100_000;
const PREFILL_BATCH = 5_000;
const STORE_REQUESTS = 200;
const ITERATIONS = 600;
const WARMUP = 20;

export default async function auditAppendBench(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), "pim-bench-audit-"));
  const opened: Array<JsonlAuditLog | LowdbStore> = [];
  try {
    const started = process.hrtime.bigint();
    const small = await prefilledLog(path.join(root, "small"), SMALL);
    const large = await prefilledLog(path.join(root, "large"), LARGE);
    opened.push(small.log, large.log);
    const prefillSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `prefilled ${SMALL.toLocaleString("en-US")} records (${mib(small.bytes)}) and ${LARGE.toLocaleString("en-US")} records (${mib(large.bytes)}) in ${prefillSeconds.toFixed(1)} s; ${ITERATIONS} alternating iterations per case`,
    );

    const smallStore = await seededStore(path.join(root, "small-store"));
    const largeStore = await seededStore(path.join(root, "large-store"));
    opened.push(smallStore.store, largeStore.store);

    // Alternating call by call: fsync latency on a shared disk drifts far more than the effect measured.
    const options = { iterations: ITERATIONS, warmup: WARMUP };
    const appendOne = (target: typeof small) => () => target.log.append([entry(target.nextId++)]);
    const commitAndAppend = (target: typeof small, store: typeof smallStore) => async () => {
      await store.commitNext();
      await target.log.append([entry(target.nextId++)]);
    };
    const openClose = (target: typeof small) => async () => {
      const log = await openJsonlAuditLog({ file: target.log.file });
      await log.close();
    };
    const sections: Array<[string, Measurement[]]> = [
      ["append 1 entry (write + fdatasync)", await measureAlternating({ "1k log": appendOne(small), "100k log": appendOne(large) }, options)],
      [
        "lowdb commit of 1 request + audit append",
        await measureAlternating({ "1k log": commitAndAppend(small, smallStore), "100k log": commitAndAppend(large, largeStore) }, options),
      ],
      ["open + close (start-up)", await measureAlternating({ "1k log": openClose(small), "100k log": openClose(large) }, { iterations: 200, warmup: 10 })],
    ];

    for (const [title, rows] of sections) printTable(title, rows, { baseline: "1k log" });
    console.log("\n100k/1k cost ratio (goal ≤ 1.5):");
    for (const [title, [base, big]] of sections) {
      console.log(`  ${title.padEnd(42)} mean ${ratio(big!.meanUs, base!.meanUs).toFixed(2)}   p50 ${ratio(big!.p50Us, base!.p50Us).toFixed(2)}`);
    }
  } finally {
    await Promise.all(opened.map((o) => o.close()));
    await rm(root, { recursive: true, force: true });
  }
}

async function prefilledLog(dataDir: string, count: number): Promise<{ log: JsonlAuditLog; bytes: number; nextId: number }> {
  const log = await openJsonlAuditLog({ dataDir });
  for (let from = 0; from < count; from += PREFILL_BATCH) {
    const n = Math.min(PREFILL_BATCH, count - from);
    await log.append(Array.from({ length: n }, (_, i) => entry(from + i)));
  }
  return { log, bytes: (await stat(log.file)).size, nextId: count };
}

async function seededStore(dataDir: string): Promise<{ store: LowdbStore; commitNext: () => Promise<void> }> {
  const store = await openLowdbStore({ dataDir });
  await store.commit(Array.from({ length: STORE_REQUESTS }, (_, i) => put("requests", request(`req-seed-${i}`))));
  await store.commit([put("requests", request("req-bench"))]);
  let version = 1;
  return {
    store,
    commitNext: async () => {
      await store.commit([put("requests", { ...request("req-bench"), version, updatedAt: new Date(Date.UTC(2025, 2, 1) + version * 1000).toISOString() })]);
      version += 1;
    },
  };
}

function entry(n: number): AuditEntry {
  return {
    id: `au-bench-${n}`,
    at: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
    action: "Approve",
    actor: "h-00042",
    identity: "azz_12345@contoso.com",
    application: "Entra ID",
    entitlement: "AZZ-RBAC-Contoso-Reader",
    nativeIdentity: "5c0d2b9e-0000-4000-8000-000000000001",
    message: `Request req-${n} approved by Ann Approver for 4 h`,
    correlationId: `corr-${n}`,
    requestId: `req-${n}`,
    result: "success",
    details: { stage: 0, durationMinutes: 240 },
  };
}

function request(id: string): AccessRequest {
  return {
    id,
    version: 0,
    kind: "standard",
    source: "teams",
    state: "pending",
    requesterHumanId: "h-00042",
    identityId: "id-azz-12345",
    identityType: "azz",
    entitlementId: "ent-contoso-reader",
    grantKind: "active",
    durationMinutes: 240,
    justification: "Quarterly maintenance window, change CHG-1234",
    createdAt: "2025-03-01T09:00:00.000Z",
    updatedAt: "2025-03-01T09:00:00.000Z",
    stages: [{ name: "owner", required: 1, approvers: [{ humanId: "h-00007", source: "owner" }] }],
    currentStage: 0,
    decisions: [],
    escalationLevel: 0,
    provisioning: { attempts: 0, graphRequestIds: [] },
    history: [{ from: null, to: "pending", at: "2025-03-01T09:00:00.000Z", actor: "h-00042" }],
    correlationId: `corr-${id}`,
  };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
