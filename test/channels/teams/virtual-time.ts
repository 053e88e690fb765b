/**
 * A clock and sleep for code that takes them injected: time moves only when everything runnable has run
 * and someone is asleep, straight to the earliest wake-up. Deterministic, and seconds of pacing take
 * milliseconds of test time.
 */
const QUIET_TURNS = 5;

export class VirtualTime {
  #now = 0;
  #seq = 0;
  #timers: { at: number; seq: number; wake: () => void }[] = [];

  now = (): number => this.#now;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.#timers.push({ at: this.#now + Math.max(0, ms), seq: this.#seq++, wake });
    });

  /** Drives time until `work` settles. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const tracked = work.finally(() => {
      settled = true;
    });
    tracked.catch(() => undefined);
    while (!settled) {
      // Let promise chains and bottleneck's internal scheduling (a few zero-delay timers) run before time moves,
      // or a job that is merely queued would look asleep.
      for (let turn = 0; turn < QUIET_TURNS && !settled; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
      if (settled) break;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (!next) continue;
      this.#now = Math.max(this.#now, next.at);
      next.wake();
    }
    return tracked;
  }
}
