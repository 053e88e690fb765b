/**
 * Runs async critical sections one after another, in call order. A failed section does not poison
 * the queue: the next one still runs, and the failure is reported only to its own caller.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(section);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every section queued so far has settled. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
