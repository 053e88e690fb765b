import type { FormView } from "../../shared/forms.js";
import { clip } from "../render/text.js";

/** Slack shows these under the field; keep them to a readable length. */
const MAX_ERROR = 300;

/**
 * A returned form's problems keyed by the block ids of the submitted modal (block_id = field id), for
 * `response_action: "errors"`. A problem with no matching block goes on the first input, because
 * Slack refuses errors for blocks it does not know.
 */
export function formErrors(form: FormView, blockIds: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const fallback = blockIds[0];
  const add = (blockId: string | undefined, message: string) => {
    if (!blockId) return;
    errors[blockId] = clip(errors[blockId] ? `${errors[blockId]} ${message}` : message, MAX_ERROR);
  };
  for (const field of form.fields) {
    if (field.error) add(blockIds.includes(field.id) ? field.id : fallback, field.error);
  }
  if (Object.keys(errors).length === 0) add(fallback, form.error ?? "Please check this form.");
  return errors;
}

/** The input blocks of a submitted view, in order. */
export function inputBlockIds(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  return blocks
    .filter((b): b is { type: string; block_id: string } => typeof b === "object" && b !== null && (b as { type?: unknown }).type === "input" && typeof (b as { block_id?: unknown }).block_id === "string")
    .map((b) => b.block_id);
}
