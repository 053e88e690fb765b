import { MemoryAuditLog } from "../src/adapters/audit/memory-audit-log.js";
import { startFakeTenant } from "../src/adapters/graph/fake/index.js";
import { createGraphAdapter, loadGraphConfig } from "../src/adapters/graph/index.js";
import { systemClock } from "../src/core/ports/clock.js";
import { buildDemoOrg } from "../src/demo/org.js";
import { bulkGrants } from "../test/contract/graph/support/bulk-changes.js";

const CHANGES = 1000;
const FLOOR = Math.ceil(CHANGES / 20);

interface Run {
  scenario: string;
  httpRequests: number;
  graphCalls: number;
  retries: number;
  applied: number;
  failed: number;
  wallMs: number;
}

/**
 * Bulk provisioning of 1,000 approved changes (roles, PIM groups, plain groups) against the fake tenant
 * over real HTTP, with the adapter's production defaults and real waits. Reports the HTTP requests
 * issued against the floor ⌈1000/20⌉ = 50 JSON batches, and the wall time.
 */
export default async function graphBulkBench(): Promise<void> {
  const runs = [await run("no faults", 0), await run("10 % of calls 429/503", 0.1)];
  console.log(`\nGraph bulk provisioning: ${CHANGES} changes, floor ${FLOOR} HTTP requests (⌈${CHANGES}/20⌉)`);
  const header = ["scenario", "HTTP req", "× floor", "Graph calls", "retries", "ok", "failed", "wall ms"];
  const rows = runs.map((r) => [r.scenario, String(r.httpRequests), (r.httpRequests / FLOOR).toFixed(2), String(r.graphCalls), String(r.retries), String(r.applied), String(r.failed), r.wallMs.toFixed(0)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  rows.forEach((r) => console.log(line(r)));
  console.log("HTTP req: requests the fake received (a $batch counts once); Graph calls: audited calls incl. batch items and read-backs.");
}

async function run(scenario: string, faultShare: number): Promise<Run> {
  const now = systemClock.now();
  const org = buildDemoOrg({ now });
  const fake = await startFakeTenant({ port: 0, org, seed: 11 });
  try {
    if (faultShare > 0) {
      fake.faults.add({ fraction: faultShare / 2, effect: { kind: "error", status: 429, retryAfter: "1" } });
      fake.faults.add({ fraction: faultShare / 2 / (1 - faultShare / 2), effect: { kind: "error", status: 503 } });
    }
    const audit = new MemoryAuditLog();
    let n = 0;
    const { provisioning } = createGraphAdapter(
      loadGraphConfig({ GRAPH_BASE_URL: fake.url, FAKE_TENANT_TOKEN: fake.token, NODE_ENV: "development" }),
      { audit, clock: systemClock, ids: { next: (kind) => `${kind}_${++n}` } },
    );
    const changes = bulkGrants(org, CHANGES, now);
    const started = performance.now();
    const results = await provisioning.applyMany(changes.map((change, i) => ({ change, ctx: { correlationId: `bench-${i}`, idempotencyKey: `bench-${i}`, actor: "system:bench" } })));
    const wallMs = performance.now() - started;
    const calls = audit.records.filter((r) => r.action === "GraphCall");
    return {
      scenario,
      httpRequests: fake.requests.httpRequests().length,
      graphCalls: calls.length,
      retries: calls.filter((c) => (c.details?.attempt as number) > 0).length,
      applied: results.filter((r) => !(r instanceof Error)).length,
      failed: results.filter((r) => r instanceof Error).length,
      wallMs,
    };
  } finally {
    await fake.close();
  }
}
