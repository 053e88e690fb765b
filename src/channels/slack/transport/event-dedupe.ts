import type { Clock } from "../../../core/ports/clock.js";

export interface SeenEventsOptions {
  clock: Clock;
  /** Slack retries a failed event after about 1 and 5 minutes; keep ids a little longer than that. */
  ttlMs?: number;
  /** Upper bound on memory if a burst of events arrives; the oldest ids are forgotten first. */
  maxEntries?: number;
}

/**
 * Event ids already dispatched, so a retry of an event we did receive (Slack retries when our answer
 * was slow or lost) does not run the listeners twice. In memory on purpose: a retry that lands on
 * another replica or after a restart is processed again, and the use cases are idempotent for that.
 */
export class SeenEvents {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  // Map keeps insertion order, which is also expiry order because the TTL is fixed.
  private readonly expiresAt = new Map<string, number>();

  constructor(options: SeenEventsOptions) {
    this.clock = options.clock;
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** Records the id and says whether it was new; atomic within one process. */
  firstTime(eventId: string): boolean {
    const now = this.clock.now().getTime();
    this.prune(now);
    if (this.expiresAt.has(eventId)) return false;
    this.expiresAt.set(eventId, now + this.ttlMs);
    while (this.expiresAt.size > this.maxEntries) {
      const oldest = this.expiresAt.keys().next().value;
      if (oldest === undefined) break;
      this.expiresAt.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.expiresAt.size;
  }

  private prune(now: number): void {
    for (const [id, expiry] of this.expiresAt) {
      if (expiry > now) break;
      this.expiresAt.delete(id);
    }
  }
}
