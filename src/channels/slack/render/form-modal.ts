import type { FormField, FormView } from "../../shared/forms.js";
import { CALLBACK_ID } from "../payloads/action-ids.js";
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { md, mrkdwnSafe, plain } from "./text.js";

/** Slack allows 3000 characters in a text input; the forms ask for less. */
const MAX_INPUT = 3000;

export interface FormModalOptions {
  /** Render `search` fields as external_select answered by the options request (typeahead). */
  typeahead: boolean;
}

function option(value: string, label: string): PlainTextOption {
  return { text: plain(label, LIMITS.optionText), value: value.slice(0, LIMITS.optionValue) };
}

function element(field: FormField, typeahead: boolean): InputBlock["element"] {
  const placeholder = field.placeholder ? { placeholder: plain(field.placeholder, LIMITS.placeholder) } : {};
  if (field.kind === "search" && typeahead) {
    // The initial option (after an error) is only known by id; the typeahead shows the names.
    const current = field.choices?.find((c) => c.value === field.value);
    return { type: "external_select", action_id: field.id, min_query_length: 0, ...placeholder, ...(current ? { initial_option: option(current.value, current.label) } : {}) };
  }
  if (field.kind === "search" || field.kind === "choice") {
    const options = (field.choices ?? []).slice(0, LIMITS.selectOptions).map((c) => option(c.value, c.label));
    const initial = options.find((o) => o.value === field.value);
    if (options.length === 0) return { type: "plain_text_input", action_id: field.id, ...placeholder };
    return { type: "static_select", action_id: field.id, options, ...placeholder, ...(initial ? { initial_option: initial } : {}) };
  }
  return {
    type: "plain_text_input",
    action_id: field.id,
    multiline: field.kind === "multiline",
    max_length: Math.min(field.maxLength ?? MAX_INPUT, MAX_INPUT),
    ...(field.value ? { initial_value: field.value.slice(0, MAX_INPUT) } : {}),
    ...placeholder,
  };
}

function input(field: FormField, typeahead: boolean): InputBlock {
  return {
    type: "input",
    block_id: field.id.slice(0, LIMITS.blockId),
    label: plain(field.label, LIMITS.inputLabel),
    optional: !field.required,
    element: element(field, typeahead),
    ...(field.hint ? { hint: plain(field.hint, LIMITS.hint) } : {}),
  };
}

function callbackIdOf(form: FormView): string {
  return form.formId === "emergency" ? CALLBACK_ID.emergencyForm : CALLBACK_ID.requestForm;
}

/** A neutral form as a modal: one input block per field, block_id = action_id = field id. */
export function formModal(form: FormView, options: FormModalOptions): ModalView {
  const blocks: KnownBlock[] = [{ type: "section", text: md(mrkdwnSafe(form.intro, LIMITS.sectionText), LIMITS.sectionText) }];
  if (form.error) blocks.push({ type: "section", text: md(`⚠️ ${mrkdwnSafe(form.error, LIMITS.sectionText - 3)}`, LIMITS.sectionText) });
  for (const field of form.fields) blocks.push(input(field, options.typeahead));
  return {
    type: "modal",
    callback_id: callbackIdOf(form),
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel, LIMITS.modalButton),
    close: plain("Cancel", LIMITS.modalButton),
    blocks: blocks.slice(0, LIMITS.viewBlocks),
  };
}
