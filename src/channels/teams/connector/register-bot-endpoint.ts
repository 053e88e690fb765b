import { STATUS_CODES } from "node:http";
import type { CloudAdapter, TurnContext } from "botbuilder";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod/v4";
import { ErrorCodes } from "../../../core/errors.js";
import { silentLogger, type Logger } from "../../../core/ports/logger.js";
import { CapturedBotResponse } from "./bot-response.js";

export interface BotEndpointOptions {
  /** A CloudAdapter (teams-ai's TeamsAdapter is one) built from buildBotAuthentication. */
  adapter: Pick<CloudAdapter, "process">;
  /** Route path; Teams and the Agents Playground post to /api/messages. */
  path?: string;
  /** The bot's turn logic, e.g. `(context) => app.run(context)` for a teams-ai Application. */
  handler: (context: TurnContext) => Promise<void>;
  logger?: Logger;
  /** Bytes. Teams messages are at most ~100 KB; this leaves room for invoke payloads with card data. */
  bodyLimit?: number;
}

/**
 * What every Bot Connector activity carries. botbuilder checks only `type`; without `serviceUrl` it skips
 * the token's serviceurl check and fails later with a 500 when it tries to answer, so refuse early.
 */
const activityEnvelope = z.looseObject({
  type: z.string().min(1),
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

/**
 * Mounts the bot's messaging endpoint on Fastify: parsed JSON in, CloudAdapter.process in the middle,
 * and a controlled answer out. Bad JSON or a non-activity → 400; missing or bad token → 401 (decided by
 * botbuilder); invoke activities → their invoke response as the body; anything unexpected → 500 without
 * internals. Nothing a caller sends can throw out of the route.
 */
export function registerBotEndpoint(fastify: FastifyInstance, opts: BotEndpointOptions): void {
  const log = opts.logger ?? silentLogger;
  fastify.route({
    method: "POST",
    url: opts.path ?? "/api/messages",
    bodyLimit: opts.bodyLimit ?? 512 * 1024,
    // Route-local so body-parser failures get our answer whatever error handler the host app installs.
    errorHandler: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) log.error({ err, url: req.url }, "bot endpoint failed");
      else log.warn({ code: err.code, status, url: req.url }, "bot endpoint rejected a request body");
      return sendProblem(reply, status, status === 500 ? "INTERNAL" : (err.code ?? "BAD_REQUEST"), status === 500 ? "Internal error." : err.message);
    },
    handler: async (req, reply) => {
      const envelope = activityEnvelope.safeParse(req.body);
      if (!envelope.success) {
        log.warn({ issues: envelope.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, "bot endpoint got something that is not an activity");
        return sendProblem(reply, 400, ErrorCodes.VALIDATION_FAILED, "The body is not a Bot Framework activity.");
      }
      const captured = new CapturedBotResponse();
      await opts.adapter.process(
        { body: req.body as Record<string, unknown>, headers: req.headers, method: req.method },
        captured,
        opts.handler,
      );
      return answer(reply, captured, log, envelope.data.type);
    },
  });
}

function answer(reply: FastifyReply, res: CapturedBotResponse, log: Logger, activityType: string): FastifyReply {
  const status = res.statusCode;
  if (status === 401) {
    // botbuilder's message says why (wrong audience, unknown key…): useful in our log, not for the caller.
    log.warn({ reason: describe(res.body), activityType }, "bot endpoint refused an unauthenticated request");
    return sendProblem(reply, 401, ErrorCodes.UNAUTHENTICATED, "The request does not carry a valid Bot Framework token.");
  }
  if (status >= 500) {
    log.error({ reason: describe(res.body), activityType }, "bot turn failed");
    return sendProblem(reply, status, "INTERNAL", "Internal error.");
  }
  for (const [name, value] of Object.entries(res.headers)) {
    if (name !== "content-length") reply.header(name, value);
  }
  reply.code(status);
  return res.body === undefined || res.body === null ? reply.send() : reply.send(res.body);
}

/** Same problem+json shape as the rest of the HTTP surface (src/http), so clients parse one format. */
function sendProblem(reply: FastifyReply, status: number, code: string, detail: string): FastifyReply {
  return reply.code(status).type("application/problem+json").send({ type: "about:blank", title: STATUS_CODES[status] ?? "Error", status, detail, code });
}

function describe(body: unknown): string {
  if (typeof body === "string") return body;
  if (body instanceof Error) return body.message;
  return JSON.stringify(body) ?? "";
}
