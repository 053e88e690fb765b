import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger as PinoLogger } from "pino";
import { toProblem } from "./problem.js";

export interface ReadinessCheck {
  name: string;
  check: () => Promise<{ ok: boolean; detail?: string }>;
}

export interface ServerOptions {
  logger: PinoLogger;
  readiness: ReadinessCheck[];
  /** Bodies larger than this are refused with 413 before anything parses them. */
  bodyLimitBytes?: number;
}

/** The one HTTP server: health endpoints here, channel and API routes registered by their modules. */
export function createServer(o: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: o.logger as unknown as FastifyBaseLogger,
    bodyLimit: o.bodyLimitBytes ?? 512 * 1024,
    requestIdHeader: "x-request-id",
    return503OnClosing: true,
  });

  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_req, reply) => {
    const results = await Promise.all(
      o.readiness.map(async (r) => {
        try {
          return { name: r.name, ...(await r.check()) };
        } catch (e) {
          return { name: r.name, ok: false, detail: (e as Error).message };
        }
      }),
    );
    const ok = results.every((r) => r.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ready" : "not ready", checks: results });
  });

  app.setErrorHandler((error, request, reply) => {
    const err = error as { statusCode?: number; code?: string; message?: string };
    if (typeof err.statusCode === "number" && err.statusCode < 500) {
      // Fastify's own 4xx (bad JSON, body too large, unsupported media type): say what is wrong.
      return reply.code(err.statusCode).type("application/problem+json").send({ type: "about:blank", title: err.code ?? "Bad request", status: err.statusCode, detail: err.message, code: err.code ?? "BAD_REQUEST" });
    }
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, "request failed");
    return reply.code(problem.status).type("application/problem+json").send(problem);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).type("application/problem+json").send({ type: "about:blank", title: "Not found", status: 404, detail: `No route ${request.method} ${request.url.split("?")[0]}`, code: "NOT_FOUND" }),
  );
  return app;
}
