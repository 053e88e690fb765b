import { readFileSync } from "node:fs";
import * as ACData from "adaptivecards-templating";

/** An Adaptive Card as JSON; Teams wants `type` and `version` on the top-level card. */
export interface AdaptiveCardJson {
  type: "AdaptiveCard";
  version: string;
  [key: string]: unknown;
}

export const CARD_TEMPLATE_NAMES = ["request", "review", "list", "help", "form", "text"] as const;
export const DIALOG_TEMPLATE_NAMES = ["request", "emergency"] as const;
export type CardTemplateName = (typeof CARD_TEMPLATE_NAMES)[number];
export type DialogTemplateName = (typeof DIALOG_TEMPLATE_NAMES)[number];

const ROOT = new URL("../../../../", import.meta.url);

function load(folder: "cards" | "dialogs", name: string): ACData.Template {
  return new ACData.Template(JSON.parse(readFileSync(new URL(`${folder}/${name}.json`, ROOT), "utf8")));
}

// Read once: the templates ship with the code and never change while the process runs.
const cards = new Map(CARD_TEMPLATE_NAMES.map((n) => [n, load("cards", n)]));
const dialogs = new Map(DIALOG_TEMPLATE_NAMES.map((n) => [n, load("dialogs", n)]));

/**
 * Expands a template with a model. The templating engine leaves `null` where an object-valued property's
 * `$when` is false (e.g. `refresh`), which the card schema refuses, so those are dropped.
 */
function expand(template: ACData.Template, model: object): AdaptiveCardJson {
  return dropNulls(template.expand({ $root: model })) as AdaptiveCardJson;
}

export function expandCard(name: CardTemplateName, model: object): AdaptiveCardJson {
  return expand(cards.get(name) as ACData.Template, model);
}

export function expandDialog(name: DialogTemplateName, model: object): AdaptiveCardJson {
  return expand(dialogs.get(name) as ACData.Template, model);
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(dropNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, dropNulls(v)]));
  }
  return value;
}
