import type { FastifyInstance } from "fastify";
import type { Logger as PinoLogger } from "pino";
import { JsonlAuditLog } from "../adapters/audit/jsonl-audit-log.js";
import { MemoryAuditLog } from "../adapters/audit/memory-audit-log.js";
import { randomIds } from "../adapters/ids.js";
import { openLowdbStore } from "../adapters/storage/lowdb-store.js";
import { createMemoryStore } from "../adapters/storage/memory-store.js";
import { CoreEnvSchema, parseEnv, type CoreEnv } from "../config/env.js";
import { createLogger } from "../config/logger.js";
import { loadPolicyFile } from "../config/policy-file.js";
import type { Policy } from "../core/policy/schema.js";
import type { AuditLog } from "../core/ports/audit.js";
import { systemClock, type Clock } from "../core/ports/clock.js";
import type { IdGenerator } from "../core/ports/ids.js";
import type { Directory, Provisioning } from "../core/ports/provisioning.js";
import type { Store } from "../core/ports/store.js";
import { deliverNotice } from "../core/usecases/deliver-notice.js";
import { executeProvisioning, type ProvisioningDeps } from "../core/usecases/execute-provisioning.js";
import { Journal } from "../core/usecases/shared/journal.js";
import { buildDemoOrg, type DemoOrg } from "../demo/org.js";
import { createServer } from "../http/server.js";
import { OutboxWorker } from "../jobs/outbox-worker.js";
import { CatalogSyncJob } from "../jobs/catalog-sync-job.js";
import { Scheduler } from "../jobs/scheduler.js";
import type { ChannelModule } from "./channel-module.js";
import { FanOutNotifier } from "./fanout-notifier.js";
import { setupGraph, type GraphSetup } from "./graph.js";
import { seedDemoOrg } from "./seed-demo.js";

export interface ChannelContext {
  deps: ProvisioningDeps;
  env: NodeJS.ProcessEnv;
  config: CoreEnv;
  logger: PinoLogger;
  graph: GraphSetup;
}

export interface AppOverrides {
  store?: Store;
  audit?: AuditLog;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: PinoLogger;
  policy?: Policy;
  org?: DemoOrg;
  provisioning?: { provisioning: Provisioning; directory: Directory };
  /** Builds the chat channels; the default reads their settings from the environment. */
  channels?: (ctx: ChannelContext) => Promise<ChannelModule[]>;
  /** Do not start the outbox worker and scheduler (tests drive them by hand). */
  manualJobs?: boolean;
}

export interface App {
  config: CoreEnv;
  server: FastifyInstance;
  url: string;
  deps: ProvisioningDeps;
  worker: OutboxWorker;
  scheduler: Scheduler;
  catalogSync: CatalogSyncJob;
  graph: GraphSetup;
  channels: ChannelModule[];
  logger: PinoLogger;
  close(): Promise<void>;
}

async function openStorage(config: CoreEnv, o: AppOverrides): Promise<{ store: Store; audit: AuditLog }> {
  if (config.STORE === "memory") return { store: o.store ?? createMemoryStore(), audit: o.audit ?? new MemoryAuditLog() };
  const store = o.store ?? (await openLowdbStore({ dataDir: config.DATA_DIR }));
  const audit = o.audit ?? (await JsonlAuditLog.open({ dataDir: config.DATA_DIR }));
  return { store, audit };
}

/** Composition root: config → adapters → core → jobs → HTTP. Everything the process runs is built here. */
export async function startApp(env: NodeJS.ProcessEnv = process.env, o: AppOverrides = {}): Promise<App> {
  const config = parseEnv(CoreEnvSchema, env, "core");
  const logger = o.logger ?? createLogger(config.LOG_LEVEL);
  const clock = o.clock ?? systemClock;
  const ids = o.ids ?? randomIds;
  const policy = o.policy ?? (await loadPolicyFile(config.POLICY_FILE));
  const { store, audit } = await openStorage(config, o);
  if (audit instanceof JsonlAuditLog && audit.recovered) {
    logger.warn({ offset: audit.recovered.offset, bytes: audit.recovered.truncatedBytes }, "audit log ended with an incomplete line (crash during append); it was cut off");
  }
  const journal = new Journal(store, audit, logger);
  const { replayed } = await journal.recover();
  if (replayed > 0) logger.warn({ replayed }, "replayed audit entries staged before a crash");

  const demo = config.DEMO_SEED ?? config.NODE_ENV !== "production";
  const org = o.org ?? (demo ? buildDemoOrg({ now: clock.now() }) : undefined);
  if (demo && org) {
    const { seeded } = await seedDemoOrg(store, org);
    if (seeded) logger.info({ humans: org.humans.length, entitlements: org.entitlements.length }, "loaded the demo organisation into an empty store");
  }

  const graph = await setupGraph(env, { clock, audit, ids, logger, org, override: o.provisioning, application: config.AUDIT_APPLICATION });
  const base = { store, audit, journal, clock, ids, policy, logger, application: config.AUDIT_APPLICATION };
  const deps: ProvisioningDeps = { ...base, provisioning: graph.provisioning };
  const ctx: ChannelContext = { deps, env, config, logger, graph };
  const channels = o.channels ? await o.channels(ctx) : await (await import("./channels.js")).channelsFromEnv(ctx);
  const notifier = new FanOutNotifier(channels.map((c) => c.notifier), logger);

  const worker = new OutboxWorker({
    store,
    clock,
    logger,
    pollMs: config.OUTBOX_POLL_MS,
    concurrency: config.OUTBOX_CONCURRENCY,
    reclaimRunningOnStart: config.STORE === "lowdb" || config.STORE === "memory",
    handlers: {
      provision: (payload, attempt) => executeProvisioning(deps, payload, attempt),
      notify: (payload, attempt) => deliverNotice({ ...base, notifier }, payload, attempt),
    },
  });
  journal.onJobsEnqueued(() => setImmediate(() => worker.wake()));
  const scheduler = new Scheduler({ deps: base, clock, logger, pattern: config.SCHEDULER_PATTERN });
  const catalogSync = new CatalogSyncJob(base, graph.directory, logger, { pattern: config.CATALOG_SYNC_PATTERN, tenant: config.CATALOG_TENANT_CODE });

  const server = createServer({
    logger,
    readiness: [
      { name: "store", check: async () => ({ ok: Array.isArray(await store.find("meta")) }) },
      { name: "graph", check: graph.ready },
    ],
  });
  for (const c of channels) {
    await c.register(server);
    for (const w of c.warnings ?? []) logger.warn({ channel: c.name }, w);
  }
  for (const c of channels) await c.start?.();
  if (!o.manualJobs) {
    await worker.start();
    await scheduler.start();
    catalogSync.start();
  }
  await server.listen({ port: config.PORT, host: config.HOST });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url, store: config.STORE, dataDir: config.DATA_DIR, graph: graph.describe, channels: channels.map((c) => c.name) }, "pim-chatops is running");

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await server.close();
      for (const c of channels) await c.stop?.().catch((e: unknown) => logger.error({ err: e, channel: c.name }, "channel stop failed"));
      scheduler.stop();
      catalogSync.stop();
      await worker.stop();
      await journal.flush().catch((e: unknown) => logger.error({ err: e }, "journal flush failed"));
      await store.close();
      await audit.close();
      await graph.close();
      logger.info("stopped");
    })());
  return { config, server, url, deps, worker, scheduler, catalogSync, graph, channels, logger, close };
}
