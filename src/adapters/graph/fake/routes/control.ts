import type { FastifyInstance } from "fastify";
import { z } from "zod/v4";
import type { FaultInjector } from "../faults/fault-injector.js";
import { FaultRuleSchema } from "../faults/fault-rule.js";
import type { RequestLog } from "../pipeline/request-log.js";
import type { TenantState } from "../state/tenant-state.js";

const FaultsBody = z.union([
  FaultRuleSchema.extend({ seed: z.number().int().optional() }),
  z.object({ rules: z.array(FaultRuleSchema), seed: z.number().int().optional(), replace: z.boolean().default(false) }),
]);

/**
 * Test controls under `/_fake`, outside Graph's URL space: inject faults, read the request log and the
 * tenant state. No token needed; the fake listens on loopback by default.
 */
export function registerControlRoutes(app: FastifyInstance, deps: { faults: FaultInjector; log: RequestLog; state: TenantState }): void {
  app.get("/_fake/state", async () => deps.state.snapshot());

  app.get("/_fake/requests", async (req) => {
    const since = Number((req.query as { since?: string }).since ?? 0);
    return { requests: deps.log.all().filter((r) => r.seq > since) };
  });
  app.delete("/_fake/requests", async (_req, reply) => {
    deps.log.clear();
    return reply.code(204).send();
  });

  app.get("/_fake/faults", async () => ({ rules: deps.faults.list() }));
  app.post("/_fake/faults", async (req, reply) => {
    const parsed = FaultsBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: { code: "InvalidFault", message: z.prettifyError(parsed.error) } });
    const body = parsed.data;
    if ("rules" in body) {
      if (body.replace) deps.faults.clear();
      if (body.seed !== undefined) deps.faults.reseed(body.seed);
      return reply.code(201).send({ ids: body.rules.map((r) => deps.faults.add(r)) });
    }
    const { seed, ...rule } = body;
    if (seed !== undefined) deps.faults.reseed(seed);
    return reply.code(201).send({ ids: [deps.faults.add(rule)] });
  });
  app.delete("/_fake/faults", async (_req, reply) => {
    deps.faults.clear();
    return reply.code(204).send();
  });
}
