import type { Logger as PinoLogger } from "pino";
import { createGraphAdapter, describeGraphConfig, loadGraphConfig, type GraphConfig } from "../adapters/graph/index.js";
import type { AuditLog } from "../core/ports/audit.js";
import type { Clock } from "../core/ports/clock.js";
import type { IdGenerator } from "../core/ports/ids.js";
import type { Directory, Provisioning } from "../core/ports/provisioning.js";
import type { DemoOrg } from "../demo/org.js";
import { launchEmbeddedTenant, type EmbeddedTenant } from "./embedded-tenant.js";

export interface GraphSetup {
  provisioning: Provisioning;
  directory: Directory;
  /** Where Graph calls go, with credentials redacted, for the start-up log. */
  describe: Record<string, unknown>;
  /** Set when the embedded fake tenant was started (development without GRAPH_BASE_URL). */
  fakeTenantUrl?: string;
  /** The effective Graph settings (absent when provisioning is injected), for channels that call Graph themselves. */
  config?: GraphConfig;
  ready(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

export interface GraphSetupDeps {
  clock: Clock;
  audit: AuditLog;
  ids: IdGenerator;
  logger: PinoLogger;
  org?: DemoOrg;
  application: string;
  override?: { provisioning: Provisioning; directory: Directory };
}

/**
 * Real Graph when GRAPH_BASE_URL is set (or in production); otherwise the embedded fake tenant,
 * seeded with the demo organisation, so `npm start` works with no cloud credentials.
 */
export async function setupGraph(env: NodeJS.ProcessEnv, d: GraphSetupDeps): Promise<GraphSetup> {
  if (d.override) {
    return { ...d.override, describe: { mode: "injected" }, ready: async () => ({ ok: true }), close: async () => {} };
  }
  let effectiveEnv = env;
  let fake: EmbeddedTenant | undefined;
  if (!env.GRAPH_BASE_URL && env.NODE_ENV !== "production") {
    fake = await launchEmbeddedTenant(env, d);
    effectiveEnv = { ...env, GRAPH_BASE_URL: fake.url, FAKE_TENANT_TOKEN: fake.token, GRAPH_GOVERNANCE_EXTENSION_APP_ID: fake.extensionAppId };
    d.logger.warn({ url: fake.url }, "GRAPH_BASE_URL is not set: using the embedded fake Entra tenant with the demo organisation (no real tenant is changed)");
  }
  const config = loadGraphConfig(effectiveEnv);
  // The core only provisions identities and entitlements it holds, so no extra allow-list here.
  const adapter = createGraphAdapter(config, { audit: d.audit, clock: d.clock, ids: d.ids }, { auditApplication: d.application });
  return {
    ...adapter,
    describe: describeGraphConfig(config) as unknown as Record<string, unknown>,
    fakeTenantUrl: fake?.url,
    config,
    ready: async () => ({ ok: true }),
    close: async () => {
      await fake?.close();
    },
  };
}
