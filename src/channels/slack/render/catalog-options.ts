import type { CatalogOptionView } from "../../../core/views/types.js";
import type { PlainTextOption } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { plain } from "./text.js";

export type OptionsAnswer = { options: PlainTextOption[] } | { option_groups: { label: { type: "plain_text"; text: string }; options: PlainTextOption[] }[] };

function label(o: CatalogOptionView): string {
  const lock = o.privileged ? "🔒 " : "";
  return o.requestable ? `${lock}${o.displayName}` : `🚫 ${o.displayName} — ${o.reason ?? "not available"}`;
}

/**
 * Typeahead answer for the entitlement field. Slack options cannot be disabled, so what this person
 * cannot request is listed in its own group, marked 🚫 with the reason; choosing it anyway gets that
 * reason back as the field's error on submit.
 */
export function catalogOptions(found: readonly CatalogOptionView[]): OptionsAnswer {
  const toOption = (o: CatalogOptionView): PlainTextOption => ({ text: plain(label(o), LIMITS.optionText), value: o.entitlementId.slice(0, LIMITS.optionValue) });
  const available = found.filter((o) => o.requestable).slice(0, LIMITS.selectOptions).map(toOption);
  const unavailable = found.filter((o) => !o.requestable).slice(0, LIMITS.selectOptions - available.length).map(toOption);
  if (unavailable.length === 0) return { options: available };
  const groups = [];
  if (available.length > 0) groups.push({ label: plain("You can request", LIMITS.optionGroupLabel) as { type: "plain_text"; text: string }, options: available });
  groups.push({ label: plain("Not available to you", LIMITS.optionGroupLabel) as { type: "plain_text"; text: string }, options: unavailable });
  return { option_groups: groups };
}
