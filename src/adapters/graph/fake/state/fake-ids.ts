import { seededRandom, seededUuid } from "../../../../demo/random.js";

/** Deterministic GUIDs for objects and request-ids, so a seeded run of the fake is reproducible. */
export class FakeIds {
  private readonly rand: () => number;
  constructor(seed: number) {
    this.rand = seededRandom(seed);
  }
  next(): string {
    return seededUuid(this.rand);
  }
}
