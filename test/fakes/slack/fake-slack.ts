import { EventEmitter } from "node:events";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { warmUpBlockKitSchema } from "./block-kit-checks.js";
import { answerResponseUrl } from "./response-urls.js";
import { TokenBuckets, type BucketSpec } from "./token-bucket.js";
import { fail, webApiMethods, type ApiResult, type Args } from "./web-api-methods.js";
import { FakeWorkspace, type FakeSlackUser, type StoredEphemeral, type StoredMessage, type StoredView } from "./workspace.js";

export interface FakeSlackLimits {
  postMessagePerChannel: BucketSpec | false;
  update: BucketSpec | false;
  views: BucketSpec | false;
}

/** A little looser than the client's defaults, like Slack's real ones: a well-paced client never meets them. */
export const DEFAULT_FAKE_SLACK_LIMITS: FakeSlackLimits = {
  postMessagePerChannel: { burst: 5, refillEveryMs: 1_000 },
  update: { burst: 25, refillEveryMs: 1_200 },
  views: { burst: 20, refillEveryMs: 600 },
};

export interface FakeSlackOptions {
  botToken?: string;
  users?: FakeSlackUser[];
  team?: { id: string; domain: string };
  bot?: { userId: string; botId: string; appId: string };
  rateLimits?: Partial<FakeSlackLimits>;
  /** Milliseconds; drives rate buckets, trigger expiry and message timestamps. */
  now?: () => number;
}

/** One request the fake answered: Web API methods by name, response_url posts as "response_url". */
export interface SlackCall {
  method: string;
  args: Args;
  status: number;
  response: ApiResult;
}

type ForcedFailure = { status: 429; retryAfterSeconds: number } | { error: string };

const JSON_FIELDS = ["blocks", "attachments", "view", "metadata"];

/**
 * An HTTP server that answers like Slack's Web API at /api/<method> and like a response_url at
 * /response/<id>. Point bolt's `clientOptions.slackApiUrl` at `apiUrl`. It checks the bearer token,
 * validates every blocks/view payload against Block Kit and Slack's limits, enforces rate limits, and
 * records every call so tests assert on what reached "Slack", not on which function was called.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly botToken: string;
  readonly workspace: FakeWorkspace;
  private readonly server: FastifyInstance;
  private readonly emitter = new EventEmitter();
  private readonly forced = new Map<string, ForcedFailure[]>();
  private readonly buckets: { post?: TokenBuckets; update?: TokenBuckets; views?: TokenBuckets };
  private origin = "";

  private constructor(options: FakeSlackOptions) {
    const now = options.now ?? Date.now;
    this.botToken = options.botToken ?? "xoxb-fake-bot-token";
    this.workspace = new FakeWorkspace(
      options.team ?? { id: "T0FAKE0001", domain: "fake-workspace" },
      options.bot ?? { userId: "U0PIMBOT01", botId: "B0PIMBOT01", appId: "A0PIMAPP01" },
      options.users ?? [],
      now,
    );
    const limits = { ...DEFAULT_FAKE_SLACK_LIMITS, ...options.rateLimits };
    const bucket = (spec: BucketSpec | false) => (spec ? new TokenBuckets(spec, now) : undefined);
    this.buckets = { post: bucket(limits.postMessagePerChannel), update: bucket(limits.update), views: bucket(limits.views) };
    this.emitter.setMaxListeners(100);
    this.server = Fastify();
    this.server.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    this.server.post("/api/:method", (req, reply) => this.answerApi(req, reply));
    this.server.post("/response/:id", (req, reply) => this.answerResponseUrl(req, reply));
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    warmUpBlockKitSchema();
    const fake = new FakeSlack(options);
    fake.origin = await fake.server.listen({ host: "127.0.0.1", port: 0 });
    return fake;
  }

  /** Base URL for `slackApiUrl` (ends with "/"). */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  get team(): { id: string; domain: string } {
    return this.workspace.team;
  }

  get bot(): { userId: string; botId: string; appId: string } {
    return this.workspace.bot;
  }

  /** The messages currently in a channel (after updates and deletes), oldest first. */
  messages(channel: string): StoredMessage[] {
    return this.workspace.messages.filter((m) => m.channel === channel);
  }

  ephemerals(channel?: string): StoredEphemeral[] {
    return this.workspace.ephemerals.filter((m) => channel === undefined || m.channel === channel);
  }

  views(userId?: string): StoredView[] {
    return [...this.workspace.views.values()].filter((v) => userId === undefined || v.userId === userId);
  }

  homeView(userId: string): StoredView | undefined {
    return this.workspace.homeViews.get(userId);
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  dmChannelFor(userId: string): string {
    return this.workspace.dmChannelFor(userId);
  }

  /** A trigger_id as Slack puts in an interaction: usable once, for three seconds, by views.open/push. */
  issueTriggerId(userId: string): string {
    return this.workspace.issueTrigger(userId);
  }

  /** A response_url bound to where the interaction happened, as Slack puts in commands and actions. */
  responseUrl(binding: { channel: string; userId: string; messageTs?: string }): string {
    const id = this.workspace.nextId("R");
    this.workspace.responseUrls.set(id, { ...binding, uses: 0 });
    return `${this.origin}/response/${id}`;
  }

  /** Makes the next call(s) to `method` fail, e.g. with a 429 and Retry-After, whatever the buckets say. */
  failNext(method: string, failure: ForcedFailure, times = 1): void {
    const queue = this.forced.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.forced.set(method, queue);
  }

  /** Resolves with the first recorded call (past or future) that matches. */
  waitFor(predicate: (call: SlackCall) => boolean, { timeoutMs = 5_000 } = {}): Promise<SlackCall> {
    const seen = this.calls.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const onCall = (call: SlackCall) => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.emitter.off("call", onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.emitter.off("call", onCall);
        reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms; saw ${this.calls.map((c) => c.method).join(", ") || "none"}`));
      }, timeoutMs);
      this.emitter.on("call", onCall);
    });
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  private answerApi(req: FastifyRequest, reply: FastifyReply): FastifyReply {
    const method = (req.params as { method: string }).method;
    const args = decodeArgs(req.body);
    const respond = (status: number, body: ApiResult, headers: Record<string, string> = {}) => {
      this.record({ method, args, status, response: body });
      return reply.code(status).headers(headers).send(body);
    };

    const token = bearer(req.headers.authorization) ?? (typeof args.token === "string" ? args.token : undefined);
    if (!token) return respond(200, fail("not_authed"));
    if (token !== this.botToken) return respond(200, fail("invalid_auth"));

    const forced = this.forced.get(method)?.shift();
    if (forced && "status" in forced) {
      return respond(429, fail("ratelimited"), { "retry-after": String(forced.retryAfterSeconds) });
    }
    if (forced) return respond(200, fail(forced.error));

    const limited = this.takeToken(method, args);
    if (limited) return respond(429, fail("ratelimited"), { "retry-after": String(limited) });

    const handler = webApiMethods[method];
    if (!handler) return respond(200, fail("unknown_method"));
    return respond(200, handler(this.workspace, args));
  }

  private answerResponseUrl(req: FastifyRequest, reply: FastifyReply): FastifyReply {
    const id = (req.params as { id: string }).id;
    const args = decodeArgs(req.body);
    const { status, body } = answerResponseUrl(this.workspace, id, args);
    this.record({ method: "response_url", args: { ...args, response_url_id: id }, status, response: body });
    return reply.code(status).send(body);
  }

  /** Seconds to wait when the method's bucket is empty, otherwise undefined. */
  private takeToken(method: string, args: Args): number | undefined {
    const [buckets, key] =
      method === "chat.postMessage"
        ? [this.buckets.post, String(args.channel ?? "")]
        : method === "chat.update"
          ? [this.buckets.update, method]
          : method.startsWith("views.")
            ? [this.buckets.views, method]
            : [undefined, method];
    const taken = buckets?.take(key);
    return taken && !taken.ok ? Math.max(1, Math.ceil(taken.retryAfterMs / 1000)) : undefined;
  }

  private record(call: SlackCall): void {
    this.calls.push(call);
    this.emitter.emit("call", call);
  }
}

/** The WebClient sends form fields with nested values JSON-encoded; JSON bodies arrive as they are. */
function decodeArgs(body: unknown): Args {
  if (typeof body !== "object" || body === null) return {};
  const args: Args = { ...(body as Args) };
  for (const key of JSON_FIELDS) {
    const value = args[key];
    if (typeof value !== "string") continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as a string: the block checks then report it as malformed, as Slack would.
    }
  }
  return args;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  return match?.[1];
}
