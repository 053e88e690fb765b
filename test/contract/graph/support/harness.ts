import { MemoryAuditLog } from "../../../../src/adapters/audit/memory-audit-log.js";
import { createGraphAdapter, loadGraphConfig, staticKnownObjects, type GraphAdapter, type GraphAdapterOverrides } from "../../../../src/adapters/graph/index.js";
import { startFakeTenant, type FakeTenant, type FakeTenantOptions } from "../../../../src/adapters/graph/fake/index.js";
import type { AuditRecord } from "../../../../src/core/ports/audit.js";
import type { IdGenerator } from "../../../../src/core/ports/ids.js";
import type { ProvisioningContext } from "../../../../src/core/ports/provisioning.js";
import { buildDemoOrg, type DemoOrg } from "../../../../src/demo/org.js";
import { seededRandom } from "../../../../src/demo/random.js";

/** The instant every test runs at: the adapter's clock and the fake tenant's clock are the same fixed one. */
export const NOW = new Date("2026-03-02T09:00:00.000Z");

export interface HarnessOptions {
  fake?: Omit<FakeTenantOptions, "org" | "now">;
  adapter?: GraphAdapterOverrides;
  /** Give the adapter the product's list of known identities and entitlements (default true). */
  knownObjects?: boolean;
  requestTimeoutMs?: number;
}

export interface Harness {
  org: DemoOrg;
  fake: FakeTenant;
  graph: GraphAdapter;
  audit: MemoryAuditLog;
  /** Every wait the adapter asked for, in ms; nothing is actually waited. */
  sleeps: number[];
  graphCalls(): AuditRecord[];
  close(): Promise<void>;
}

let orgCache: DemoOrg | undefined;
/** The demo organisation at NOW; built once, it is deterministic. */
export function demoOrg(): DemoOrg {
  orgCache ??= buildDemoOrg({ now: NOW });
  return orgCache;
}

export function sequentialIds(): IdGenerator {
  let n = 0;
  return { next: (kind) => `${kind}_${String(++n).padStart(6, "0")}` };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const org = demoOrg();
  // Response self-checks cost seconds of schema compilation per process, so they are on in
  // fake-tenant.contract.test.ts and, for every file, with FAKE_TENANT_VALIDATE_RESPONSES=true.
  const validateResponses = process.env.FAKE_TENANT_VALIDATE_RESPONSES === "true";
  const fake = await startFakeTenant({ port: 0, org, now: () => NOW, validateResponses, ...options.fake });
  const audit = new MemoryAuditLog();
  const sleeps: number[] = [];
  let requestNo = 0;
  const config = loadGraphConfig({
    GRAPH_BASE_URL: fake.url,
    FAKE_TENANT_TOKEN: fake.token,
    GRAPH_GOVERNANCE_EXTENSION_APP_ID: fake.extensionAppId,
    NODE_ENV: "test",
    GRAPH_REQUEST_TIMEOUT_MS: String(options.requestTimeoutMs ?? 5_000),
  });
  const graph = createGraphAdapter(
    config,
    {
      audit,
      clock: { now: () => NOW },
      ids: sequentialIds(),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: seededRandom(42),
      newClientRequestId: () => `00000000-0000-4000-8000-${String(++requestNo).padStart(12, "0")}`,
      knownObjects:
        options.knownObjects === false
          ? undefined
          : staticKnownObjects(
              org.identities.map((i) => i.objectId),
              org.entitlements.map((e) => e.target),
            ),
    },
    {
      readBack: { attempts: 4, intervalMs: 250 },
      ...options.adapter,
    },
  );
  return {
    org,
    fake,
    graph,
    audit,
    sleeps,
    graphCalls: () => audit.records.filter((r) => r.action === "GraphCall"),
    close: () => fake.close(),
  };
}

let ctxNo = 0;
export function ctx(over: Partial<ProvisioningContext> = {}): ProvisioningContext {
  ctxNo++;
  return { correlationId: `corr_${ctxNo}`, idempotencyKey: `idem_${ctxNo}`, actor: "hum_10004", ...over };
}
