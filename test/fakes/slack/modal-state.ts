import { readText } from "./rendered.js";

type Json = Record<string, unknown>;
export interface SlackOption {
  text: { type: string; text: string };
  value: string;
}

/** Asks the bot for external_select options, as Slack does while a person types. */
export type Typeahead = (input: { blockId: string; actionId: string; query: string }) => Promise<SlackOption[]>;

function isNode(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Options of an options-request answer, whether flat or grouped. */
export function flattenOptions(answer: unknown): SlackOption[] {
  if (!isNode(answer)) return [];
  if (Array.isArray(answer.options)) return answer.options as SlackOption[];
  if (Array.isArray(answer.option_groups)) return (answer.option_groups as { options: SlackOption[] }[]).flatMap((g) => g.options);
  return [];
}

function pick(options: SlackOption[], wanted: string): SlackOption | undefined {
  const w = wanted.toLowerCase();
  return options.find((o) => o.value === wanted) ?? options.find((o) => (readText(o.text) ?? "").toLowerCase().includes(w));
}

/**
 * `view.state.values` as Slack would send it for a person who filled `wanted` (block_id → text) into
 * a modal: text inputs typed, selects chosen by value or label, untouched inputs at their initial value.
 */
export async function fillModal(blocks: unknown, wanted: Record<string, string | undefined>, typeahead?: Typeahead): Promise<Json> {
  const values: Json = {};
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (!isNode(block) || block.type !== "input" || !isNode(block.element)) continue;
    const blockId = String(block.block_id);
    const el = block.element;
    const actionId = String(el.action_id);
    const want = wanted[blockId];
    let state: Json;
    switch (el.type) {
      case "plain_text_input":
        state = { type: "plain_text_input", value: want ?? (el.initial_value as string | undefined) ?? null };
        break;
      case "static_select": {
        const chosen = want !== undefined ? pick((el.options as SlackOption[] | undefined) ?? [], want) : undefined;
        state = { type: "static_select", selected_option: chosen ?? el.initial_option ?? null };
        break;
      }
      case "external_select": {
        const options = want !== undefined && typeahead ? await typeahead({ blockId, actionId, query: want }) : [];
        const chosen = want !== undefined ? pick(options, want) : undefined;
        state = { type: "external_select", selected_option: chosen ?? el.initial_option ?? null };
        break;
      }
      default:
        continue;
    }
    values[blockId] = { [actionId]: state };
  }
  return values;
}
