import { startFakeTenant, type FakeTenant } from "../../src/adapters/graph/fake/index.js";
import { createGraphAdapter, loadGraphConfig, type GraphAdapter } from "../../src/adapters/graph/index.js";
import type { AuditLog } from "../../src/core/ports/audit.js";
import type { Clock } from "../../src/core/ports/clock.js";
import type { IdGenerator } from "../../src/core/ports/ids.js";
import type { DemoOrg } from "../../src/demo/org.js";

/** A fake tenant over HTTP and a Graph adapter pointed at it, with retries that do not wait. */
export async function graphWorld(o: { org: DemoOrg; clock: Clock; audit: AuditLog; ids: IdGenerator }): Promise<{ tenant: FakeTenant; graph: GraphAdapter }> {
  const tenant = await startFakeTenant({ port: 0, org: o.org, now: () => o.clock.now() });
  const config = loadGraphConfig({ GRAPH_BASE_URL: tenant.url, FAKE_TENANT_TOKEN: tenant.token, NODE_ENV: "test", GRAPH_GOVERNANCE_EXTENSION_APP_ID: tenant.extensionAppId });
  const graph = createGraphAdapter(
    config,
    { audit: o.audit, clock: o.clock, ids: o.ids, sleep: async () => {}, random: () => 0.5 },
    { retry: { maxRetries: 3, initialDelayMs: 0, maxDelayMs: 0 }, readBack: { attempts: 3, intervalMs: 0 }, auditApplication: "EntraID-Test" },
  );
  return { tenant, graph };
}
