import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { TokenCredential } from "@azure/identity";
import type { AuditLog } from "../../core/ports/audit.js";
import type { Clock } from "../../core/ports/clock.js";
import type { IdGenerator } from "../../core/ports/ids.js";
import type { Directory, Provisioning } from "../../core/ports/provisioning.js";
import { GraphCallAudit } from "./audit/graph-call-audit.js";
import { authProviderFor } from "./auth/auth-provider.js";
import type { GraphConfig } from "./config.js";
import { GraphDirectory } from "./directory/graph-directory.js";
import { GraphCaller } from "./graph-caller.js";
import { createGraphSdkClient } from "./http/graph-client.js";
import { GraphTransport } from "./http/graph-transport.js";
import { BatchRunner, type BatchSettings } from "./provisioning/batch-runner.js";
import { ChangeRunner } from "./provisioning/change-runner.js";
import { ChangeFinisher, type ReadBackSettings } from "./provisioning/finish-change.js";
import { GraphProvisioning } from "./provisioning/graph-provisioning.js";
import { GuestInviter } from "./provisioning/invite-guest.js";
import type { KnownDirectoryObjects } from "./provisioning/known-objects.js";
import { StateReader } from "./provisioning/state-reader.js";
import { ResiliencePolicies, type BreakerSettings, type RetrySettings } from "./resilience/policies.js";

export { loadGraphConfig, describeGraphConfig, type GraphConfig } from "./config.js";
export { staticKnownObjects, type KnownDirectoryObjects } from "./provisioning/known-objects.js";
export type { BreakerSettings, RetrySettings } from "./resilience/policies.js";
export type { BatchSettings } from "./provisioning/batch-runner.js";
export type { ReadBackSettings } from "./provisioning/finish-change.js";

export interface GraphAdapterDeps {
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  /** Waits between retries and read-back polls; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source; tests pass a seeded one. */
  random?: () => number;
  /** `client-request-id` for each HTTP request. */
  newClientRequestId?: () => string;
  /** Changes naming anything else are refused before any Graph call. */
  knownObjects?: KnownDirectoryObjects;
  /** Overrides the credential built from the config (e.g. a workload identity the host already has). */
  credential?: TokenCredential;
}

export interface GraphAdapterOptions {
  retry: RetrySettings;
  breaker: BreakerSettings;
  batch: BatchSettings;
  readBack: ReadBackSettings;
  /** `application` on audit records. */
  auditApplication: string;
  directoryActor: string;
  pageSize: number;
}

export const DEFAULT_GRAPH_ADAPTER_OPTIONS: GraphAdapterOptions = {
  retry: { maxRetries: 5, initialDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 },
  // Sampling rather than consecutive: under bulk load a few random failures must not stop a family.
  breaker: { kind: "sampling", threshold: 0.5, samplingDurationMs: 30_000, minimumRps: 1, halfOpenAfterMs: 30_000 },
  batch: { size: 20, concurrency: 4, itemRetryDelayMs: 500, maxRetryAfterMs: 120_000 },
  readBack: { attempts: 6, intervalMs: 2_000 },
  auditApplication: "EntraID",
  directoryActor: "system:graph-directory",
  pageSize: 100,
};

export interface GraphAdapter {
  provisioning: Provisioning;
  directory: Directory;
}

export type GraphAdapterOverrides = Partial<Omit<GraphAdapterOptions, "retry" | "batch" | "readBack">> & {
  retry?: Partial<RetrySettings>;
  batch?: Partial<BatchSettings>;
  readBack?: Partial<ReadBackSettings>;
};

/** Builds the Graph adapter: the `Provisioning` and `Directory` ports over one client, one set of circuits. */
export function createGraphAdapter(config: GraphConfig, deps: GraphAdapterDeps, overrides: GraphAdapterOverrides = {}): GraphAdapter {
  const d = DEFAULT_GRAPH_ADAPTER_OPTIONS;
  const options: GraphAdapterOptions = {
    ...d,
    ...overrides,
    retry: { ...d.retry, ...overrides.retry },
    batch: { ...d.batch, ...overrides.batch },
    readBack: { ...d.readBack, ...overrides.readBack },
  };
  if (options.batch.size < 1 || options.batch.size > 20) throw new RangeError("batch.size must be 1..20 (Graph's $batch limit)");
  const sleep = deps.sleep ?? ((ms: number) => delay(ms).then(() => undefined));
  const transport = new GraphTransport(createGraphSdkClient(config.baseUrl, authProviderFor(config, deps.credential)), {
    requestTimeoutMs: config.requestTimeoutMs,
    newClientRequestId: deps.newClientRequestId ?? randomUUID,
  });
  const policies = new ResiliencePolicies(options.retry, options.breaker, { sleep, random: deps.random ?? Math.random });
  const audit = new GraphCallAudit(deps.audit, deps.clock, deps.ids, options.auditApplication);
  const caller = new GraphCaller(transport, policies, audit, deps.clock);
  const finisher = new ChangeFinisher(new StateReader(caller), sleep, options.readBack);
  const runner = new ChangeRunner({
    caller,
    finisher,
    inviter: new GuestInviter(caller, finisher, config.baseUrl),
    clock: deps.clock,
    graphBaseUrl: config.baseUrl,
    known: deps.knownObjects,
  });
  return {
    provisioning: new GraphProvisioning(runner, new BatchRunner(runner, caller, audit, deps.ids, options.batch)),
    directory: new GraphDirectory(caller, deps.ids, {
      graphBaseUrl: config.baseUrl,
      governanceExtensionAppId: config.governanceExtensionAppId,
      actor: options.directoryActor,
      pageSize: options.pageSize,
    }),
  };
}
