import { Cron } from "croner";
import type { Clock } from "../core/ports/clock.js";
import type { Logger } from "../core/ports/logger.js";
import type { Store } from "../core/ports/store.js";
import type { CoreDeps } from "../core/usecases/shared/deps.js";
import { escalateRequests } from "../core/usecases/escalate-requests.js";
import { expireDueGrants } from "../core/usecases/expire-grants.js";
import { notifyExpiring } from "../core/usecases/notify-expiring.js";
import { remindApprovers } from "../core/usecases/remind-approvers.js";
import { timeoutRequests } from "../core/usecases/timeout-requests.js";

export interface SweepReport {
  expired: string[];
  expiringNotified: string[];
  timedOut: string[];
  escalated: string[];
  reminded: string[];
}

/** Earliest instant at which a sweep has something to do, read from the store (so it survives restarts). */
export async function nextDueAt(store: Store, expiringLeadMs = 24 * 3_600_000): Promise<Date | undefined> {
  const times: number[] = [];
  for (const r of await store.find("requests", { state: "active" })) {
    if (!r.endAt) continue;
    const end = Date.parse(r.endAt);
    times.push(end);
    if (!r.expiringNoticeSentAt) times.push(end - Math.min(expiringLeadMs, 30 * 60_000));
  }
  for (const r of await store.find("requests", { state: "pending" })) {
    for (const t of [r.nextReminderAt, r.escalateAt, r.approvalDeadlineAt]) if (t) times.push(Date.parse(t));
  }
  const min = times.length > 0 ? Math.min(...times) : undefined;
  return min === undefined ? undefined : new Date(min);
}

export interface SchedulerOptions {
  deps: CoreDeps;
  clock: Clock;
  logger: Logger;
  /** Safety-net sweep pattern (croner, with seconds). */
  pattern?: string;
}

/**
 * Time-driven work: expiry, expiring-soon notices, reminders, escalation and timeouts. A croner job
 * sweeps periodically, and a one-shot croner timer is armed for the next due instant found in the
 * store, re-armed after every sweep and at start-up, so nothing depends on in-memory timers surviving.
 */
export class Scheduler {
  private periodic?: Cron;
  private oneShot?: Cron;
  private sweeping?: Promise<SweepReport>;

  constructor(private readonly o: SchedulerOptions) {}

  async start(): Promise<void> {
    this.periodic = new Cron(this.o.pattern ?? "*/30 * * * * *", { protect: true, unref: true }, () => void this.sweepAndRearm());
    await this.sweepAndRearm();
  }

  stop(): void {
    this.periodic?.stop();
    this.oneShot?.stop();
  }

  /** One pass over everything time-driven. Overlapping calls share the pass in flight. */
  sweep(): Promise<SweepReport> {
    this.sweeping ??= this.runSweep().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async runSweep(): Promise<SweepReport> {
    const d = this.o.deps;
    const report: SweepReport = { expired: [], expiringNotified: [], timedOut: [], escalated: [], reminded: [] };
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await fn();
      } catch (e) {
        this.o.logger.error({ err: e, step: name }, "scheduled step failed");
        return undefined;
      }
    };
    report.expired = (await step("expire", () => expireDueGrants(d)))?.expired ?? [];
    report.expiringNotified = (await step("expiring", () => notifyExpiring(d)))?.notified ?? [];
    report.timedOut = (await step("timeout", () => timeoutRequests(d)))?.timedOut ?? [];
    report.escalated = (await step("escalate", () => escalateRequests(d)))?.escalated ?? [];
    report.reminded = (await step("remind", () => remindApprovers(d)))?.reminded ?? [];
    return report;
  }

  private async sweepAndRearm(): Promise<void> {
    await this.sweep();
    const due = await nextDueAt(this.o.deps.store);
    this.oneShot?.stop();
    const now = this.o.clock.now().getTime();
    if (due && due.getTime() > now) {
      this.oneShot = new Cron(due, { unref: true }, () => void this.sweepAndRearm());
    }
  }
}
