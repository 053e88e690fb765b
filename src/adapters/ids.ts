import { randomUUID } from "node:crypto";
import { ID_PREFIX, type IdKind } from "../core/domain/ids.js";
import type { IdGenerator } from "../core/ports/ids.js";

/** Production ids: prefix + random UUID without dashes (unguessable, so card data cannot be enumerated). */
export const randomIds: IdGenerator = {
  next: (kind: IdKind) => `${ID_PREFIX[kind]}_${randomUUID().replace(/-/g, "")}`,
};

/** Deterministic ids for tests and benchmarks: req_000001, req_000002, … */
export function sequentialIds(): IdGenerator {
  const counters = new Map<IdKind, number>();
  return {
    next(kind) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      return `${ID_PREFIX[kind]}_${String(n).padStart(6, "0")}`;
    },
  };
}
