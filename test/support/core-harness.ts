import { MemoryAuditLog } from "../../src/adapters/audit/memory-audit-log.js";
import { sequentialIds } from "../../src/adapters/ids.js";
import { createMemoryStore } from "../../src/adapters/storage/memory-store.js";
import { loadPolicyFile } from "../../src/config/policy-file.js";
import type { Policy } from "../../src/core/policy/schema.js";
import { silentLogger } from "../../src/core/ports/logger.js";
import type { OutboxJob } from "../../src/core/ports/outbox.js";
import type { Store } from "../../src/core/ports/store.js";
import type { CoreDeps } from "../../src/core/usecases/shared/deps.js";
import { Journal } from "../../src/core/usecases/shared/journal.js";
import { buildDemoOrg, type DemoOrg } from "../../src/demo/org.js";
import { seedDemoOrg } from "../../src/runtime/seed-demo.js";
import { FakeClock } from "./fake-clock.js";

export interface CoreHarness {
  deps: CoreDeps;
  clock: FakeClock;
  store: Store;
  audit: MemoryAuditLog;
  org: DemoOrg;
  p: DemoOrg["personas"];
  /** Outbox jobs of one type, for assertions. */
  jobs(type?: "provision" | "notify"): Promise<OutboxJob[]>;
  /** Everything the store holds, to prove a refused call wrote nothing. */
  snapshot(): Promise<string>;
}

export async function coreHarness(options: { policy?: (p: Policy) => Policy; store?: Store } = {}): Promise<CoreHarness> {
  const clock = new FakeClock();
  const store = options.store ?? createMemoryStore();
  const audit = new MemoryAuditLog();
  const org = buildDemoOrg({ now: clock.now(), staffCount: 120, guestCount: 10 });
  await seedDemoOrg(store, org);
  const base = await loadPolicyFile("config/policy.yaml");
  const policy = options.policy ? options.policy(base) : base;
  const deps: CoreDeps = {
    store,
    audit,
    journal: new Journal(store, audit, silentLogger),
    clock,
    ids: sequentialIds(),
    policy,
    logger: silentLogger,
    application: "EntraID-Test",
  };
  return {
    deps,
    clock,
    store,
    audit,
    org,
    p: org.personas,
    jobs: async (type) => (await store.find("outbox")).filter((j) => !type || j.type === type),
    snapshot: async () => {
      const parts: unknown[] = [];
      for (const c of ["requests", "grants", "reviews", "outbox", "auditStaging"] as const) parts.push(await store.find(c));
      return JSON.stringify([parts, audit.records.length]);
    },
  };
}
