import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openJsonlAuditLog, type JsonlAuditLog } from "../src/adapters/audit/jsonl-audit-log.js";
import { openLowdbStore, type LowdbStore } from "../src/adapters/storage/lowdb-store.js";
import type { AccessRequest } from "../src/core/domain/request.js";
import type { AuditEntry } from "../src/core/ports/audit.js";
import { put } from "../src/core/ports/store.js";
import { measure, printTable, ratio, type Measurement } from "./lib.js";

/**
 * Does the cost of an audit append (fsync included) depend on how long the log already is?
 * The goal is a 100k/1k ratio ≤ 1.5: append and start-up must read only the end of the file.
 */
const SMALL = 1_000;
const LARGE = 100_000;
const PREFILL_BATCH = 5_000;
const STORE_REQUESTS = 200;
const ITERATIONS = 40;
const WARMUP = 5;
const ROUNDS = 10;

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
      `prefilled ${SMALL.toLocaleString("en-US")} records (${mib(small.bytes)}) and ${LARGE.toLocaleString("en-US")} records (${mib(large.bytes)}) in ${prefillSeconds.toFixed(1)} s; ${ITERATIONS} × ${ROUNDS} rounds, interleaved`,
    );

    const smallStore = await seededStore(path.join(root, "small-store"));
    const largeStore = await seededStore(path.join(root, "large-store"));
    opened.push(smallStore.store, largeStore.store);

    // fsync latency on shared disks drifts; short rounds that alternate which log goes first make
    // the drift hit both logs alike, so the ratio measures the log length and not the weather.
    const samples = new Map<string, Measurement[]>();
    const record = (m: Measurement) => samples.set(m.name, [...(samples.get(m.name) ?? []), m]);
    const targets = [
      ["1k", small, smallStore],
      ["100k", large, largeStore],
    ] as const;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, target, store] of round % 2 === 0 ? targets : [...targets].reverse()) {
        record(await measure(`append 1 entry, ${label} log`, () => target.log.append([entry(target.nextId++)]), { iterations: ITERATIONS, warmup: WARMUP }));
        record(
          await measure(
            `commit 1 request + append, ${label} log`,
            async () => {
              await store.commitNext();
              await target.log.append([entry(target.nextId++)]);
            },
            { iterations: ITERATIONS, warmup: WARMUP },
          ),
        );
        record(
          await measure(
            `open + close, ${label} log`,
            async () => {
              const log = await openJsonlAuditLog({ file: target.log.file });
              await log.close();
            },
            { iterations: 10, warmup: 2 },
          ),
        );
      }
    }
    const merged = (name: string) => mergeRounds(samples.get(name) ?? []);
    const pairs = [
      ["append 1 entry, 1k log", "append 1 entry, 100k log"],
      ["commit 1 request + append, 1k log", "commit 1 request + append, 100k log"],
      ["open + close, 1k log", "open + close, 100k log"],
    ] as const;
    for (const [base, big] of pairs) {
      printTable(base.replace(", 1k log", ""), [merged(base), merged(big)], { baseline: base });
    }

    console.log("\n100k/1k cost ratio (goal ≤ 1.5):");
    for (const [base, big] of pairs) {
      const m = merged(big);
      const b = merged(base);
      console.log(
        `  ${base.replace(", 1k log", "").padEnd(27)} mean ${ratio(m.meanUs, b.meanUs).toFixed(2)}   p50 ${ratio(m.p50Us, b.p50Us).toFixed(2)}`,
      );
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
  let version = 0;
  await store.commit([put("requests", request("req-bench"))]);
  version = 1;
  return {
    store,
    commitNext: async () => {
      await store.commit([put("requests", { ...request("req-bench"), version, updatedAt: new Date(Date.UTC(2025, 2, 1) + version * 1000).toISOString() })]);
      version += 1;
    },
  };
}

/** Rounds of the same measurement: mean weighted by iterations, p50 the median round's, p95 the worst round's. */
function mergeRounds(rounds: readonly Measurement[]): Measurement {
  const iterations = rounds.reduce((s, r) => s + r.iterations, 0);
  const meanUs = rounds.reduce((s, r) => s + r.meanUs * r.iterations, 0) / iterations;
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    name: rounds[0]!.name,
    iterations,
    meanUs,
    opsPerSec: 1e6 / meanUs,
    p50Us: median(rounds.map((r) => r.p50Us)),
    p95Us: Math.max(...rounds.map((r) => r.p95Us)),
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
