import type { Clock } from "../../src/core/ports/clock.js";

/** A clock tests move by hand; nothing in a test depends on the wall clock. */
export class FakeClock implements Clock {
  #now: number;
  constructor(start: Date | string = "2026-11-23T09:00:00.000Z") {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  advanceMinutes(m: number): void {
    this.advance(m * 60_000);
  }
  set(at: Date | string): void {
    this.#now = new Date(at).getTime();
  }
}
