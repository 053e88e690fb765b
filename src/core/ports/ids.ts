import type { IdKind } from "../domain/ids.js";

/** Randomness is injected: production uses random UUIDs, tests use a deterministic sequence. */
export interface IdGenerator {
  next(kind: IdKind): string;
}
