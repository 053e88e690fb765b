import { DeliveryError, ErrorCodes, isPimError, ProvisioningError } from "../core/errors.js";
import type { Clock } from "../core/ports/clock.js";
import type { Logger } from "../core/ports/logger.js";
import type { OutboxJob, OutboxJobType } from "../core/ports/outbox.js";
import type { Store } from "../core/ports/store.js";
import { put, remove } from "../core/ports/store.js";
import type { JobAttempt } from "../core/usecases/execute-provisioning.js";

export type JobHandlers = {
  [T in OutboxJobType]: (payload: Extract<OutboxJob, { type: T }>["payload"], attempt: JobAttempt) => Promise<void>;
};

export interface OutboxWorkerOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  handlers: JobHandlers;
  /** Source of jitter for backoff; injected so tests are deterministic. */
  random?: () => number;
  leaseMs?: number;
  concurrency?: number;
  pollMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Done jobs are kept this long for inspection, then deleted. */
  retainDoneMs?: number;
  /**
   * With a single-instance store (lowdb), a job found `running` at start-up belonged to a process that
   * died: take it back at once instead of waiting for its lease to expire.
   */
  reclaimRunningOnStart?: boolean;
}

function retryable(e: unknown): boolean {
  if (e instanceof ProvisioningError) return e.retryable;
  if (e instanceof DeliveryError) return !e.permanent;
  if (isPimError(e)) return e.code === ErrorCodes.CONFLICT;
  return true;
}

function retryAfterMs(e: unknown): number | undefined {
  if (isPimError(e) && typeof e.details.retryAfterMs === "number") return e.details.retryAfterMs;
  return undefined;
}

/**
 * Runs outbox jobs at least once each; the handlers are idempotent, so "at least once" plus
 * compare-and-swap claims give "exactly once" effects. A job is claimed by writing `running` with a
 * lease; a crashed worker's lease expires and another run takes the job back.
 */
export class OutboxWorker {
  private timer?: NodeJS.Timeout;
  private running = false;
  private rerun = false;
  private stopped = true;
  private current?: Promise<void>;
  private polls = 0;
  private readonly o: Required<Omit<OutboxWorkerOptions, "random">> & { random: () => number };

  constructor(options: OutboxWorkerOptions) {
    this.o = {
      random: Math.random,
      leaseMs: 120_000,
      concurrency: 4,
      pollMs: 1_000,
      backoffBaseMs: 2_000,
      backoffMaxMs: 300_000,
      retainDoneMs: 7 * 86_400_000,
      reclaimRunningOnStart: false,
      ...options,
    };
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (this.o.reclaimRunningOnStart) await this.reclaimOrphans();
    this.timer = setInterval(() => this.wake(), this.o.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Run due jobs soon; coalesces bursts of wake-ups into one pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.current = this.loop();
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      do {
        this.rerun = false;
        while (!this.stopped && (await this.runDue()) > 0);
      } while (this.rerun && !this.stopped);
      if (++this.polls % 300 === 0) await this.pruneDone();
    } catch (e) {
      this.o.logger.error({ err: e }, "outbox pass failed");
    } finally {
      this.running = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.current;
  }

  /** Claims and runs the jobs due now (up to `concurrency` at a time). Returns how many ran. */
  async runDue(): Promise<number> {
    const now = this.o.clock.now().getTime();
    // Done jobs stay for inspection; the matcher keeps them from being copied on every pass.
    const isDue = (j: Readonly<OutboxJob>) => (j.state === "pending" && Date.parse(j.runAt) <= now) || (j.state === "running" && j.leaseUntil !== undefined && Date.parse(j.leaseUntil) <= now);
    const due = (await this.o.store.find("outbox", {}, isDue))
      .sort((a, b) => a.runAt.localeCompare(b.runAt) || a.createdAt.localeCompare(b.createdAt))
      .slice(0, this.o.concurrency);
    const results = await Promise.all(due.map((j) => this.claimAndRun(j)));
    return results.filter(Boolean).length;
  }

  /** Runs until nothing is due (tests and shutdown); bounded so a poison job cannot spin forever. */
  async drain(maxPasses = 1000): Promise<void> {
    for (let i = 0; i < maxPasses && (await this.runDue()) > 0; i++);
  }

  private async claimAndRun(job: OutboxJob): Promise<boolean> {
    const nowIso = this.o.clock.now().toISOString();
    const claimed = { ...job, state: "running" as const, attempts: job.attempts + 1, leaseUntil: new Date(Date.parse(nowIso) + this.o.leaseMs).toISOString(), updatedAt: nowIso } as OutboxJob;
    try {
      await this.o.store.commit([put("outbox", claimed)]);
    } catch (e) {
      if (isPimError(e) && e.code === ErrorCodes.CONFLICT) return false;
      throw e;
    }
    const mine = { ...claimed, version: claimed.version + 1 } as OutboxJob;
    const attempt: JobAttempt = { jobId: job.id, attempt: mine.attempts, maxAttempts: mine.maxAttempts, correlationId: job.correlationId };
    try {
      const handler = this.o.handlers[mine.type] as (p: unknown, a: JobAttempt) => Promise<void>;
      await handler(mine.payload, attempt);
      await this.finish(mine, { state: "done" });
    } catch (e) {
      const now = this.o.clock.now().getTime();
      const lastError = { code: isPimError(e) ? e.code : "UNEXPECTED", message: e instanceof Error ? e.message : String(e), at: new Date(now).toISOString() };
      if (retryable(e) && mine.attempts < mine.maxAttempts) {
        const exp = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** (mine.attempts - 1));
        const delay = Math.max(retryAfterMs(e) ?? 0, Math.round(exp * (0.5 + this.o.random() / 2)));
        this.o.logger.warn({ jobId: mine.id, type: mine.type, attempt: mine.attempts, delayMs: delay, code: lastError.code }, "outbox job failed; will retry");
        await this.finish(mine, { state: "pending", runAt: new Date(now + delay).toISOString(), lastError });
      } else {
        this.o.logger.error({ jobId: mine.id, type: mine.type, attempt: mine.attempts, code: lastError.code, msg: lastError.message }, "outbox job gave up");
        await this.finish(mine, { state: "dead", lastError });
      }
    }
    return true;
  }

  private async finish(job: OutboxJob, patch: Partial<OutboxJob>): Promise<void> {
    const updatedAt = this.o.clock.now().toISOString();
    try {
      await this.o.store.commit([put("outbox", { ...job, ...patch, leaseUntil: undefined, updatedAt } as OutboxJob)]);
    } catch (e) {
      // Someone re-armed the job meanwhile (operator retry): their state wins.
      if (!(isPimError(e) && e.code === ErrorCodes.CONFLICT)) throw e;
    }
  }

  private async reclaimOrphans(): Promise<void> {
    const orphans = await this.o.store.find("outbox", { state: "running" });
    if (orphans.length === 0) return;
    const now = this.o.clock.now().toISOString();
    await this.o.store.commit(orphans.map((j) => put("outbox", { ...j, state: "pending", runAt: now, leaseUntil: undefined, updatedAt: now } as OutboxJob)));
    this.o.logger.warn({ count: orphans.length }, "reclaimed jobs left running by a previous process");
  }

  private async pruneDone(): Promise<void> {
    const cutoff = this.o.clock.now().getTime() - this.o.retainDoneMs;
    const old = (await this.o.store.find("outbox", { state: "done" })).filter((j) => Date.parse(j.updatedAt) < cutoff);
    if (old.length > 0) await this.o.store.commit(old.map((j) => remove("outbox", j.id, j.version)));
  }
}
