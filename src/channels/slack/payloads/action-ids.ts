import { RequestActionSchema, ReviewActionSchema } from "../../shared/actions.js";

/** Verbs a button may carry: exactly those of the strict action payload. */
const VERBS: ReadonlySet<string> = new Set<string>([...RequestActionSchema.shape.verb.options, ...ReviewActionSchema.shape.verb.options]);

/**
 * The ids the bot puts on Block Kit elements and views, and reads back from interactions. One place,
 * so renderers and handlers cannot drift apart.
 */
export const ACTION_ID = {
  /** A button that acts at once: `pim.act.<verb>`, value = the JSON action payload. */
  act: (verb: string) => `pim.act.${verb}`,
  /** A button that first asks for a reason or a choice in a modal: `pim.ask.<verb>`. */
  ask: (verb: string) => `pim.ask.${verb}`,
  /** Shows the full text of something the message had to shorten. */
  details: "pim.details",
  /** Shows a request or review item from a list. */
  open: "pim.open",
} as const;

export const CALLBACK_ID = {
  requestForm: "pim.form.request",
  emergencyForm: "pim.form.emergency",
  /** The reason / choice modal of a `pim.ask.*` button. */
  actionInput: "pim.input",
  /** A read-only modal (details, an answer shown from App Home). */
  notice: "pim.notice",
} as const;

/** Block and action ids inside the action-input modal. */
export const INPUT_BLOCK = { reason: "reason", choice: "choice" } as const;

export type ParsedActionId =
  | { kind: "act" | "ask"; verb: string }
  | { kind: "details" }
  | { kind: "open" }
  | { kind: "unknown" };

export function parseActionId(actionId: string): ParsedActionId {
  const m = /^pim\.(act|ask)\.([a-z]{1,20})$/.exec(actionId);
  if (m && VERBS.has(m[2] as string)) return { kind: m[1] as "act" | "ask", verb: m[2] as string };
  if (actionId === ACTION_ID.details) return { kind: "details" };
  if (actionId === ACTION_ID.open) return { kind: "open" };
  return { kind: "unknown" };
}
