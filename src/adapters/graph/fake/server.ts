import Fastify from "fastify";
import { buildDemoOrg } from "../../../demo/org.js";
import { FaultInjector } from "./faults/fault-injector.js";
import { DEFAULT_FAKE_TENANT_TOKEN, FAKE_EXTENSION_APP_ID, type FakeTenantOptions } from "./options.js";
import { Conformance } from "./pipeline/conformance.js";
import { GraphPipeline } from "./pipeline/graph-pipeline.js";
import { RequestLog } from "./pipeline/request-log.js";
import { Router } from "./pipeline/router.js";
import { registerBatchRoute } from "./routes/batch.js";
import type { RouteContext } from "./routes/context.js";
import { registerControlRoutes } from "./routes/control.js";
import { registerGroupRoutes } from "./routes/groups.js";
import { registerScheduleRoutes } from "./routes/schedules.js";
import { registerTeamworkRoutes } from "./routes/teamwork.js";
import { registerUserRoutes } from "./routes/users.js";
import { FakeIds } from "./state/fake-ids.js";
import { seedFromOrg } from "./state/seed-from-org.js";
import { TenantState } from "./state/tenant-state.js";

export interface FakeTenant {
  /** Version root to use as GRAPH_BASE_URL, e.g. `http://127.0.0.1:3979/v1.0`. */
  url: string;
  origin: string;
  token: string;
  extensionAppId: string;
  state: TenantState;
  faults: FaultInjector;
  requests: RequestLog;
  close(): Promise<void>;
}

const VERSION = "v1.0";
const DAY = 86_400_000;

/** Starts the fake Entra tenant: Graph's endpoints for what the bot uses, over real HTTP. */
export async function startFakeTenant(options: FakeTenantOptions = {}): Promise<FakeTenant> {
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? 1;
  const token = options.token ?? DEFAULT_FAKE_TENANT_TOKEN;
  const extensionAppId = (options.extensionAppId ?? FAKE_EXTENSION_APP_ID).replace(/-/g, "").toLowerCase();
  const org = options.org ?? buildDemoOrg({ now: now() });
  const ids = new FakeIds(seed + 7919);
  const state = new TenantState(now);
  seedFromOrg(state, org, extensionAppId, ids, now());

  const timers = new Set<NodeJS.Timeout>();
  let signalClosing!: () => void;
  const closing = new Promise<void>((r) => (signalClosing = r));
  const ctx: RouteContext = {
    state,
    ids,
    now,
    pageSize: options.pageSize ?? 100,
    initialDomain: `${org.domain.split(".")[0]}.onmicrosoft.com`,
    policy: { maxEligibleMs: options.policy?.maxEligibleMs ?? 366 * DAY, maxActiveMs: options.policy?.maxActiveMs ?? 180 * DAY },
    provisioning: { delayMs: options.provisioningDelayMs ?? 0, visibleAfterReads: options.visibleAfterReads ?? 0 },
    later: (fn, ms) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
  };

  const conformance = Conformance.instance();
  const faults = new FaultInjector(seed);
  const log = new RequestLog();
  const router = new Router();
  registerUserRoutes(router, ctx);
  registerGroupRoutes(router, ctx);
  registerScheduleRoutes(router, ctx);
  registerTeamworkRoutes(router, ctx);
  const pipeline = new GraphPipeline({ router, conformance, faults, log, ids, now, token, validateResponses: options.validateResponses ?? false, closing });
  registerBatchRoute(router, conformance, () => pipeline);
  conformance.warmUp(router.operations().filter(([, path]) => path !== "/$batch"), options.validateResponses ?? false);

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 4 * 1024 * 1024 });
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    if (body === "") return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      // Graph answers unparsable JSON with 400 BadRequest; the pipeline renders the envelope.
      done(null, { __unparsable: true });
    }
  });
  app.setErrorHandler((err, _req, reply) => {
    // A bug in the fake must still look like a Graph answer, so clients parse it instead of choking.
    void reply.code(500).send({ error: { code: "FakeTenantInternalError", message: err instanceof Error ? err.message : String(err) } });
  });
  registerControlRoutes(app, { faults, log, state });
  app.all(`/${VERSION}/*`, async (req, reply) => {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
    const host = req.headers.host ?? "127.0.0.1";
    const result = await pipeline.handleHttp({
      method: req.method,
      url: req.url.slice(VERSION.length + 1),
      headers,
      body: req.body,
      origin: `${req.protocol}://${host}`,
      versionSegment: VERSION,
    });
    if (result.kind === "response") {
      const { status, body, headers: h } = result.response;
      reply.code(status).headers(h ?? {});
      return body === undefined ? reply.send() : reply.send(body);
    }
    reply.hijack();
    if (result.kind === "hang") {
      await Promise.race([closing, ...(result.ms !== undefined ? [new Promise((r) => setTimeout(r, result.ms))] : [])]);
    }
    reply.raw.destroy();
    return reply;
  });

  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const origin = address.replace("[::1]", "localhost");
  return {
    url: `${origin}/${VERSION}`,
    origin,
    token,
    extensionAppId,
    state,
    faults,
    requests: log,
    async close() {
      signalClosing();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await app.close();
    },
  };
}
