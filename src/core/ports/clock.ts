/** Time is injected everywhere so that tests can move it and nothing reads the wall clock by accident. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
