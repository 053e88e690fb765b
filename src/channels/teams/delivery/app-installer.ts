import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { GraphCallAudit } from "../../../adapters/graph/audit/graph-call-audit.js";
import { authProviderFor } from "../../../adapters/graph/auth/auth-provider.js";
import type { GraphConfig } from "../../../adapters/graph/config.js";
import { GraphCaller } from "../../../adapters/graph/graph-caller.js";
import { createGraphSdkClient } from "../../../adapters/graph/http/graph-client.js";
import { graphErrorOf } from "../../../adapters/graph/http/graph-reply.js";
import { GraphTransport } from "../../../adapters/graph/http/graph-transport.js";
import { ResiliencePolicies } from "../../../adapters/graph/resilience/policies.js";
import { DeliveryError, ErrorCodes } from "../../../core/errors.js";
import type { AuditLog } from "../../../core/ports/audit.js";
import type { Clock } from "../../../core/ports/clock.js";
import type { IdGenerator } from "../../../core/ports/ids.js";

/** Makes sure the Teams app is installed for a person, so the bot may open a 1:1 chat with them. */
export interface AppInstaller {
  /** `installed` now, or `already` there (Graph answered 409). Throws DeliveryError when it cannot. */
  ensureInstalled(userObjectId: string, correlationId: string): Promise<"installed" | "already">;
}

export interface GraphAppInstallerDeps {
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  application: string;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `POST /users/{id}/teamwork/installedApps` (permission TeamsAppInstallation.ReadWriteSelfForUser.All)
 * through the Graph adapter's caller: one audit record per try, retries on 429/503/504 with Retry-After,
 * and a circuit. Retries are short because the outbox retries the whole notice anyway.
 */
export class GraphAppInstaller implements AppInstaller {
  private readonly caller: GraphCaller;

  constructor(
    private readonly config: GraphConfig,
    private readonly catalogAppId: string,
    deps: GraphAppInstallerDeps,
  ) {
    const transport = new GraphTransport(createGraphSdkClient(config.baseUrl, authProviderFor(config)), { requestTimeoutMs: config.requestTimeoutMs, newClientRequestId: randomUUID });
    const policies = new ResiliencePolicies(
      { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 5_000, maxRetryAfterMs: 10_000 },
      { kind: "consecutive", threshold: 5, halfOpenAfterMs: 30_000 },
      { sleep: deps.sleep ?? ((ms) => delay(ms).then(() => undefined)), random: Math.random },
    );
    this.caller = new GraphCaller(transport, policies, new GraphCallAudit(deps.audit, deps.clock, deps.ids, deps.application), deps.clock);
  }

  async ensureInstalled(userObjectId: string, correlationId: string): Promise<"installed" | "already"> {
    const reply = await this.caller.call(
      {
        method: "POST",
        path: `/users/${encodeURIComponent(userObjectId)}/teamwork/installedApps`,
        body: { "teamsApp@odata.bind": `${this.config.baseUrl}/appCatalogs/teamsApps/${encodeURIComponent(this.catalogAppId)}` },
      },
      { actor: "system:teams-notifier", correlationId, nativeIdentity: userObjectId },
    );
    if (reply.status >= 200 && reply.status < 300) return "installed";
    if (reply.status === 409) return "already";
    const err = graphErrorOf(reply);
    // 403/404 will not change by retrying (no permission, app not in the catalogue, user gone).
    const permanent = reply.status === 403 || reply.status === 404 || reply.status === 400;
    throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `Could not install the Teams app for ${userObjectId}: ${reply.status} ${err.code} ${err.message}`.trim(), permanent, { status: reply.status, code: err.code });
  }
}
