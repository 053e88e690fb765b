import { z } from "zod/v4";

/**
 * What a card button or Block Kit action carries: the subject, its version and the verb. Nothing
 * else is trusted from a card; who may act is always re-checked in the core. Strict, so forged
 * extra fields are refused rather than ignored.
 */
export const RequestActionSchema = z
  .object({
    verb: z.enum(["approve", "deny", "cancel", "extend", "release", "acknowledge", "retry"]),
    requestId: z.string().regex(/^req_[A-Za-z0-9]{1,64}$/, "not a request id"),
    version: z.number().int().nonnegative(),
    reason: z.string().trim().max(1000).optional(),
    minutes: z.coerce.number().int().min(5).max(7 * 1440).optional(),
  })
  .strict();

export const ReviewActionSchema = z
  .object({
    verb: z.enum(["keep", "remove", "reassign", "comment"]),
    reviewItemId: z.string().regex(/^rv_[A-Za-z0-9]{1,64}$/, "not a review item id"),
    version: z.number().int().nonnegative(),
    reason: z.string().trim().max(1000).optional(),
    reassignTo: z.string().max(100).optional(),
  })
  .strict();

export const CardActionSchema = z.union([RequestActionSchema, ReviewActionSchema]);
export type RequestAction = z.infer<typeof RequestActionSchema>;
export type ReviewAction = z.infer<typeof ReviewActionSchema>;
export type CardAction = z.infer<typeof CardActionSchema>;

export function isReviewAction(a: CardAction): a is ReviewAction {
  return "reviewItemId" in a;
}

/**
 * Fills what an action asked for (its `needsText` reason, its `choices` pick) into the payload field
 * the schema expects, so every channel maps a dialog's answers the same way.
 */
export function withActionInput(action: Record<string, unknown>, input: { reason?: string; choice?: string }): Record<string, unknown> {
  const out = { ...action };
  if (input.reason !== undefined) out.reason = input.reason;
  if (input.choice !== undefined) {
    if (action.verb === "extend") out.minutes = input.choice;
    else if (action.verb === "reassign") out.reassignTo = input.choice;
  }
  return out;
}

/** Which payload field a choice fills, so a channel can show a refusal next to the right input. */
export const CHOICE_FIELDS: readonly string[] = ["minutes", "reassignTo"];
