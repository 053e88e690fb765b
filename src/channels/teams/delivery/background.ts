import type { Logger } from "../../../core/ports/logger.js";

/**
 * Work started after a turn answered (Teams wants invoke answers within about 5 s), tracked so that a
 * failure is logged rather than lost and shutdown waits for it.
 */
export class BackgroundTasks {
  readonly #running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(what: string, fn: () => Promise<unknown>): void {
    const p = fn().then(
      () => undefined,
      (err: unknown) => this.logger.error({ err, what }, "Teams background task failed"),
    );
    this.#running.add(p);
    void p.finally(() => this.#running.delete(p));
  }

  /** Resolves when everything started so far has finished. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}
