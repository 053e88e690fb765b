import { performance } from "node:perf_hooks";
import pLimit, { type LimitFunction } from "p-limit";
import { DeliveryError, ErrorCodes } from "../../../core/errors.js";
import { silentLogger, type Logger } from "../../../core/ports/logger.js";
import { describeDeliveryFailure } from "./delivery-failure.js";
import { SlidingWindowLog, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS, type WindowLimit } from "./sliding-window.js";

/** Where an outgoing Bot Connector call lands: the limits are per conversation and per tenant. */
export interface DeliveryTarget {
  conversationId: string;
  tenantId: string;
}

export interface TeamsRateLimiterOptions {
  conversationLimits?: readonly WindowLimit[];
  tenantLimits?: readonly WindowLimit[];
  /** Attempts per call when the connector keeps answering 429 (botbuilder has already retried inside each). */
  maxAttempts?: number;
  /** Pause after a 429 that carries no Retry-After. */
  defaultRetryAfterMs?: number;
  /** Cap on calls in flight per tenant, so a burst cannot open hundreds of sockets. */
  maxConcurrentPerTenant?: number;
  /** Monotonic milliseconds. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
}

/**
 * Paces every outgoing Teams call (send, reply, update, delete) so the Bot Connector's limits are never hit:
 * per conversation (Teams: 7/1 s, 8/2 s, 60/30 s, 1800/h) and per tenant (30/s).
 *
 * p-limit gives each conversation a FIFO queue with one call at a time (so messages keep their order and
 * the window log sees calls in sequence) and caps concurrency per tenant; the sliding windows and the 429
 * pause use the injected clock and sleep, so tests can run them on virtual time. (p-limit hands over on
 * the microtask queue; bottleneck, used before, hopped through timers and added ~5 ms per queue per call.)
 *
 * A 429 pauses only that conversation for Retry-After, then retries. A 403 MessageWritesBlocked becomes
 * DeliveryError DELIVERY_BLOCKED (permanent): the user blocked or removed the bot, so stop trying.
 */
export class TeamsRateLimiter {
  readonly #opts: Required<Omit<TeamsRateLimiterOptions, "logger" | "now" | "sleep">>;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #log: Logger;
  readonly #conversationQueues = new Map<string, LimitFunction>();
  readonly #tenantQueues = new Map<string, LimitFunction>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #conversationLogs = new Map<string, SlidingWindowLog>();
  readonly #tenantLogs = new Map<string, SlidingWindowLog>();
  readonly #pausedUntil = new Map<string, number>();
  #stopped = false;

  constructor(opts: TeamsRateLimiterOptions = {}) {
    this.#opts = {
      conversationLimits: opts.conversationLimits ?? TEAMS_CONVERSATION_LIMITS,
      tenantLimits: opts.tenantLimits ?? TEAMS_TENANT_LIMITS,
      maxAttempts: opts.maxAttempts ?? 3,
      defaultRetryAfterMs: opts.defaultRetryAfterMs ?? 1_000,
      maxConcurrentPerTenant: opts.maxConcurrentPerTenant ?? 16,
    };
    this.#now = opts.now ?? (() => performance.now());
    this.#sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, Math.ceil(ms))));
    this.#log = opts.logger ?? silentLogger;
  }

  /**
   * Runs `call` when the target's windows allow it, in the order calls were scheduled for that conversation.
   * Rejects with DeliveryError DELIVERY_BLOCKED (permanent) or RATE_LIMITED (retryable), or with whatever
   * else `call` threw.
   */
  async schedule<T>(target: DeliveryTarget, call: () => Promise<T>): Promise<T> {
    if (this.#stopped) throw new DeliveryError(ErrorCodes.RATE_LIMITED, "The Teams sender is shutting down.", false, { ...target });
    const pending = runQueued(this.#conversationQueues, target.conversationId, 1, () => this.#run(target, call)).finally(() => this.#inFlight.delete(pending));
    this.#inFlight.add(pending);
    return pending;
  }

  /** Until when (limiter clock) a conversation is paused by a 429, if it is. */
  pausedUntil(conversationId: string): number | undefined {
    const until = this.#pausedUntil.get(conversationId);
    return until !== undefined && until > this.#now() ? until : undefined;
  }

  /** Refuses new calls and waits for queued ones to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #run<T>(target: DeliveryTarget, call: () => Promise<T>): Promise<T> {
    const conversationLog = logFor(this.#conversationLogs, target.conversationId, this.#opts.conversationLimits);
    for (let attempt = 1; ; attempt++) {
      await this.#waitForConversation(target.conversationId, conversationLog);
      try {
        return await runQueued(this.#tenantQueues, target.tenantId, this.#opts.maxConcurrentPerTenant, () => this.#callWithinTenant(target.tenantId, conversationLog, call));
      } catch (err) {
        const failure = describeDeliveryFailure(err);
        if (failure.blocked) {
          throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, "The user blocked or removed the bot in Teams; messages to this conversation cannot be delivered.", true, {
            ...target,
            status: failure.status,
            code: failure.code,
          });
        }
        if (failure.status !== 429) throw err;
        const pauseMs = failure.retryAfterMs ?? this.#opts.defaultRetryAfterMs;
        this.#pausedUntil.set(target.conversationId, this.#now() + pauseMs);
        this.#log.warn({ ...target, attempt, pauseMs }, "Teams throttled a conversation; pausing it");
        if (attempt >= this.#opts.maxAttempts) {
          throw new DeliveryError(ErrorCodes.RATE_LIMITED, `Teams kept throttling conversation ${target.conversationId}.`, false, { ...target, retryAfterMs: pauseMs, attempts: attempt });
        }
      } finally {
        this.#forgetIdle(target);
      }
    }
  }

  async #waitForConversation(conversationId: string, log: SlidingWindowLog): Promise<void> {
    for (;;) {
      const now = this.#now();
      const paused = (this.#pausedUntil.get(conversationId) ?? 0) - now;
      // One call at a time per conversation, so nothing of this conversation is in flight here: delay is finite.
      const wait = Math.max(paused, log.delay(now));
      if (wait <= 0) return;
      await this.#sleep(wait);
    }
  }

  async #callWithinTenant<T>(tenantId: string, conversationLog: SlidingWindowLog, call: () => Promise<T>): Promise<T> {
    const tenantLog = logFor(this.#tenantLogs, tenantId, this.#opts.tenantLimits);
    for (;;) {
      const wait = tenantLog.delay(this.#now());
      if (wait <= 0) break;
      await (wait === Infinity ? tenantLog.nextCompletion() : this.#sleep(wait));
    }
    // Checked and recorded in the same tick: no other call can slip in between.
    const endTenant = tenantLog.begin();
    const endConversation = conversationLog.begin();
    try {
      return await call();
    } finally {
      const finishedAt = this.#now();
      endTenant(finishedAt);
      endConversation(finishedAt);
    }
  }

  #forgetIdle(target: DeliveryTarget): void {
    const now = this.#now();
    if (this.#conversationLogs.get(target.conversationId)?.isIdle(now) && !this.pausedUntil(target.conversationId)) {
      this.#conversationLogs.delete(target.conversationId);
      this.#pausedUntil.delete(target.conversationId);
    }
    if (this.#tenantLogs.get(target.tenantId)?.isIdle(now)) this.#tenantLogs.delete(target.tenantId);
  }
}

/** Runs `task` in the key's queue (made on first use) and drops the queue once it is idle. */
async function runQueued<T>(queues: Map<string, LimitFunction>, key: string, concurrency: number, task: () => Promise<T>): Promise<T> {
  let queue = queues.get(key);
  if (!queue) {
    queue = pLimit(concurrency);
    queues.set(key, queue);
  }
  try {
    return await queue(task);
  } finally {
    if (queue.activeCount === 0 && queue.pendingCount === 0 && queues.get(key) === queue) queues.delete(key);
  }
}

function logFor(logs: Map<string, SlidingWindowLog>, key: string, limits: readonly WindowLimit[]): SlidingWindowLog {
  let log = logs.get(key);
  if (!log) {
    log = new SlidingWindowLog(limits);
    logs.set(key, log);
  }
  return log;
}
