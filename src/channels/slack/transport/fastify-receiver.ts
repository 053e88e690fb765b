import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { ErrorCodes } from "../../../core/errors.js";
import type { Clock } from "../../../core/ports/clock.js";
import type { Logger } from "../../../core/ports/logger.js";
import { SeenEvents } from "./event-dedupe.js";
import { isSslCheck, parseSlackBody } from "./parse-body.js";
import { PendingAck } from "./pending-ack.js";
import { verifySlackSignature } from "./verify-signature.js";

export const DEFAULT_SLACK_EVENTS_PATH = "/slack/events";
/** Slack waits 3 s; answering at 2.5 s leaves room for the network and a slow event loop. */
export const DEFAULT_ACK_TIMEOUT_MS = 2_500;

export interface FastifySlackReceiverOptions {
  signingSecret: string;
  clock: Clock;
  logger: Logger;
  path?: string;
  ackTimeoutMs?: number;
  maxSkewSeconds?: number;
  /** Slack payloads with a big modal state stay well under 1 MiB, fastify's default. */
  bodyLimit?: number;
  seenEventTtlMs?: number;
  seenEventMax?: number;
}

/**
 * A bolt Receiver that lives on our fastify server instead of bolt's own HTTP server, so Slack shares
 * the process's port, TLS, health checks and shutdown. Register `receiver.plugin` on the server; the
 * plugin is encapsulated, so keeping bodies as raw strings (needed for the signature) does not change
 * JSON parsing for any other route.
 */
export class FastifySlackReceiver implements Receiver {
  private app: App | undefined;
  private readonly seen: SeenEvents;
  private readonly path: string;
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: FastifySlackReceiverOptions) {
    this.path = options.path ?? DEFAULT_SLACK_EVENTS_PATH;
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.seen = new SeenEvents({ clock: options.clock, ttlMs: options.seenEventTtlMs, maxEntries: options.seenEventMax });
  }

  init(app: App): void {
    this.app = app;
  }

  /** The fastify server is owned by the HTTP layer; bolt's start/stop have nothing to open or close. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  readonly plugin: FastifyPluginAsync = async (scope) => {
    scope.addContentTypeParser(
      ["application/json", "application/x-www-form-urlencoded"],
      { parseAs: "string", bodyLimit: this.options.bodyLimit },
      (_request, body, done) => done(null, body),
    );
    scope.post(this.path, (request, reply) => this.handle(request, reply));
  };

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { logger, clock } = this.options;
    const rawBody = typeof request.body === "string" ? request.body : "";
    const contentType = request.headers["content-type"];

    if (isSslCheck(contentType, rawBody)) return reply.code(200).send();

    const check = verifySlackSignature({
      signingSecret: this.options.signingSecret,
      rawBody,
      timestampHeader: singleHeader(request.headers["x-slack-request-timestamp"]),
      signatureHeader: singleHeader(request.headers["x-slack-signature"]),
      now: clock.now(),
      maxSkewSeconds: this.options.maxSkewSeconds,
    });
    if (!check.ok) {
      logger.warn({ reason: check.reason, ip: request.ip }, "rejected a request to the Slack endpoint: bad signature");
      return reply.code(401).send({ code: ErrorCodes.UNAUTHENTICATED, reason: check.reason });
    }

    const parsed = parseSlackBody(contentType, rawBody);
    if (!parsed.ok) {
      logger.warn({ reason: parsed.reason, contentType }, "rejected a signed Slack request with an unreadable body");
      return reply.code(400).send({ code: ErrorCodes.VALIDATION_FAILED, reason: parsed.reason });
    }
    const { inbound } = parsed;
    if (inbound.kind === "ssl_check") return reply.code(200).send();
    if (inbound.kind === "url_verification") return reply.code(200).send({ challenge: inbound.challenge });

    const app = this.app;
    if (!app) return reply.code(503).send({ reason: "slack_app_not_initialised" });

    const retryNum = parseRetryNum(singleHeader(request.headers["x-slack-retry-num"]));
    const retryReason = singleHeader(request.headers["x-slack-retry-reason"]);
    if (inbound.eventId && !this.seen.firstTime(inbound.eventId)) {
      logger.info({ eventId: inbound.eventId, retryNum, retryReason }, "ignored a Slack retry of an event already dispatched");
      return reply.code(200).header("x-slack-no-retry", "1").send();
    }

    const summary = describe(inbound.body);
    const pending = new PendingAck(this.ackTimeoutMs, () =>
      logger.warn(summary, "a Slack listener acknowledged after we had already answered; its response body was dropped"),
    );
    const event: ReceiverEvent = { body: inbound.body, ack: pending.ack, retryNum, retryReason };
    app.processEvent(event).then(
      () => pending.finished(),
      (error: unknown) => {
        pending.failed(error);
        logger.error({ ...summary, err: error }, "a Slack listener failed");
      },
    );

    const outcome = await pending.outcome;
    switch (outcome.kind) {
      case "acked":
        return sendAckBody(reply, outcome.body);
      case "timed_out":
        logger.warn({ ...summary, ackTimeoutMs: this.ackTimeoutMs }, "no Slack listener acknowledged in time; answered 200 empty so Slack does not retry");
        return reply.code(200).send();
      case "finished_without_ack":
        logger.warn(summary, "no Slack listener acknowledged this request");
        return reply.code(200).send();
      case "failed":
        return reply.code(500).send({ reason: "listener_failed" });
    }
  }
}

function sendAckBody(reply: FastifyReply, body: unknown): FastifyReply {
  if (body === undefined || body === null || body === "") return reply.code(200).send();
  if (typeof body === "string") return reply.code(200).type("text/plain; charset=utf-8").send(body);
  return reply.code(200).type("application/json; charset=utf-8").send(JSON.stringify(body));
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function parseRetryNum(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? undefined : n;
}

/** What to log about a request without logging what users typed. */
function describe(body: Record<string, unknown>): Record<string, unknown> {
  const event = body.event as Record<string, unknown> | undefined;
  const view = body.view as Record<string, unknown> | undefined;
  const actions = Array.isArray(body.actions) ? (body.actions as Record<string, unknown>[]) : [];
  return {
    type: body.type ?? (body.command ? "slash_command" : undefined),
    command: body.command,
    eventType: event?.type,
    callbackId: view?.callback_id ?? body.callback_id,
    actionId: body.action_id ?? actions[0]?.action_id,
  };
}
