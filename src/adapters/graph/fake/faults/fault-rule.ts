import { z } from "zod/v4";

/**
 * One fault: which calls it matches, when it fires among them, and what happens. Calls are the HTTP
 * requests the fake receives and, separately, the items inside a `$batch` (`scope`).
 */
export const FaultRuleSchema = z.object({
  id: z.string().min(1).optional(),
  method: z.string().optional(),
  /** Regular expression on the path after the version segment, e.g. `^/roleManagement/`. */
  path: z.string().optional(),
  scope: z.enum(["request", "item", "any"]).default("any"),
  /** Fires on the Nth matching call only (1-based). */
  nth: z.number().int().min(1).optional(),
  /** Fires on this share of matching calls, drawn from the fake's seeded RNG. */
  fraction: z.number().min(0).max(1).optional(),
  /** Fires at most this many times. */
  times: z.number().int().min(1).optional(),
  /** The operation is performed, then its answer replaced by the fault: the write happened, the client does not know. */
  applyThenFail: z.boolean().default(false),
  effect: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("error"),
      /** One status, or several to draw from (e.g. [429, 503]). */
      status: z.union([z.number().int().min(400).max(599), z.array(z.number().int().min(400).max(599)).min(1)]),
      code: z.string().optional(),
      message: z.string().optional(),
      /** Retry-After as Graph sends it: delta-seconds ("1") or an HTTP date. */
      retryAfter: z.string().optional(),
      /** Retry-After as an HTTP date this many ms after the fake's now. */
      retryAfterDateInMs: z.number().int().min(0).optional(),
    }),
    z.object({ kind: z.literal("latency"), ms: z.number().int().min(0) }),
    /** No answer: held for `ms` (default: until the fake closes), then the connection is dropped. */
    z.object({ kind: z.literal("hang"), ms: z.number().int().min(0).optional() }),
    /** The connection is dropped at once. */
    z.object({ kind: z.literal("reset") }),
  ]),
});

export type FaultRuleInput = z.input<typeof FaultRuleSchema>;
export type FaultRule = z.output<typeof FaultRuleSchema>;
export type FaultEffect = FaultRule["effect"];
