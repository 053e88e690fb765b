import type { z } from "zod/v4";
import { ValidationError } from "../../errors.js";

/** Parses use-case input at the boundary; problems name each field and what is allowed. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((i) => ({
      field: i.path.length > 0 ? i.path.map(String).join(".") : "(input)",
      message: i.code === "unrecognized_keys" ? `unexpected field(s): ${(i as { keys: string[] }).keys.join(", ")}` : i.message,
    })),
  );
}
