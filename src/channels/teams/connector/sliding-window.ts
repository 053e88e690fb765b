/** At most `max` events in any `perMs` milliseconds. */
export interface WindowLimit {
  max: number;
  perMs: number;
}

/** Teams: per bot per conversation (thread). */
export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { max: 7, perMs: 1_000 },
  { max: 8, perMs: 2_000 },
  { max: 60, perMs: 30_000 },
  { max: 1_800, perMs: 3_600_000 },
];

/** Teams: per app per tenant. One document says 50/s; 30 is the figure to design for. */
export const TEAMS_TENANT_LIMITS: readonly WindowLimit[] = [{ max: 30, perMs: 1_000 }];

interface Entry {
  /** When the request finished; undefined while it is in flight. */
  doneAt: number | undefined;
}

/**
 * A sliding-window log of outgoing requests checked against several windows at once.
 *
 * Fixed windows (bottleneck's reservoir) let 2×max through across a window edge, which the Bot Connector
 * answers with 429, so this keeps real timestamps. It counts a request from when it *finished*, and a
 * request still in flight as happening now: the service saw it at some point between start and finish, so
 * spacing the next start a full window after the previous finish keeps the server's count within the
 * limit whatever the network latency.
 */
export class SlidingWindowLog {
  readonly #limits: readonly WindowLimit[];
  readonly #longestMs: number;
  #entries: Entry[] = [];
  #waiters: (() => void)[] = [];

  constructor(limits: readonly WindowLimit[]) {
    if (limits.some((l) => !(l.max >= 1 && l.perMs > 0))) throw new RangeError("Every window needs max >= 1 and perMs > 0.");
    this.#limits = limits;
    this.#longestMs = Math.max(0, ...limits.map((l) => l.perMs));
  }

  /**
   * Milliseconds until one more request fits every window: 0 means now; Infinity means requests still in
   * flight fill a window, so wait for one to finish (`nextCompletion`).
   */
  delay(now: number): number {
    this.#prune(now);
    const inFlight = this.#entries.filter((e) => e.doneAt === undefined).length;
    let wait = 0;
    for (const limit of this.#limits) {
      const finished = this.#entries
        .map((e) => e.doneAt)
        .filter((t): t is number => t !== undefined && t > now - limit.perMs)
        .sort((a, b) => a - b);
      const excess = inFlight + finished.length - limit.max + 1;
      if (excess <= 0) continue;
      if (excess > finished.length) return Infinity;
      wait = Math.max(wait, finished[excess - 1]! + limit.perMs - now);
    }
    return wait;
  }

  /** Records a request as started; call the returned function with the time it finished. */
  begin(): (finishedAt: number) => void {
    const entry: Entry = { doneAt: undefined };
    this.#entries.push(entry);
    return (finishedAt) => {
      if (entry.doneAt !== undefined) return;
      entry.doneAt = finishedAt;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    };
  }

  /** Resolves when any in-flight request finishes. */
  nextCompletion(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** True when nothing is in flight and nothing recent is remembered, so the log can be dropped. */
  isIdle(now: number): boolean {
    this.#prune(now);
    return this.#entries.length === 0;
  }

  #prune(now: number): void {
    this.#entries = this.#entries.filter((e) => e.doneAt === undefined || e.doneAt > now - this.#longestMs);
  }
}
