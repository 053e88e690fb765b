/**
 * The Bot Connector's view of "too many": for each key (conversation, tenant) the arrival times of accepted
 * writes, checked against every sliding window. Written independently of the bot's own limiter on purpose,
 * so a bug there cannot hide behind the same bug here.
 */
export interface WindowLimit {
  max: number;
  perMs: number;
}

/** Per bot per conversation (thread), from the Teams rate-limit documentation. */
export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { max: 7, perMs: 1_000 },
  { max: 8, perMs: 2_000 },
  { max: 60, perMs: 30_000 },
  { max: 1_800, perMs: 3_600_000 },
];

export interface WindowVerdict {
  allowed: boolean;
  /** Whole seconds until the tightest exceeded window frees a slot (what Retry-After carries). */
  retryAfterSeconds: number;
  exceeded?: WindowLimit;
}

export class SlidingWindows {
  readonly #limits: readonly WindowLimit[];
  readonly #arrivals = new Map<string, number[]>();
  readonly #longest: number;

  constructor(limits: readonly WindowLimit[]) {
    this.#limits = limits;
    this.#longest = Math.max(0, ...limits.map((l) => l.perMs));
  }

  /** Whether one more write for `key` at `now` fits every window; records nothing. */
  check(key: string, now: number): WindowVerdict {
    const arrivals = this.#prune(key, now);
    let waitMs = 0;
    let exceeded: WindowLimit | undefined;
    for (const limit of this.#limits) {
      const inWindow = arrivals.filter((t) => t > now - limit.perMs);
      if (inWindow.length >= limit.max) {
        // The write that has to leave the window before another fits.
        const freesAt = inWindow[inWindow.length - limit.max]! + limit.perMs;
        if (freesAt - now >= waitMs) {
          waitMs = freesAt - now;
          exceeded = limit;
        }
      }
    }
    if (exceeded) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), exceeded };
    return { allowed: true, retryAfterSeconds: 0 };
  }

  record(key: string, now: number): void {
    this.#prune(key, now).push(now);
  }

  #prune(key: string, now: number): number[] {
    const arrivals = (this.#arrivals.get(key) ?? []).filter((t) => t > now - this.#longest);
    this.#arrivals.set(key, arrivals);
    return arrivals;
  }
}
