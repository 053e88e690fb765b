import type { FormField, FormView } from "../../shared/forms.js";
import { fitted } from "./fit.js";
import { expandCard, expandDialog, type AdaptiveCardJson } from "./templates.js";
import { clip } from "./text.js";

/** Typeahead shows at most 15 results; the dialog's static list starts with as many. */
export const DIALOG_STATIC_CHOICES = 15;

function fieldModel(f: FormField, maxChoices: number) {
  let choices = (f.choices ?? []).map((c) => ({ label: clip(c.label, 150), value: c.value }));
  if (choices.length > maxChoices) {
    // Keep the chosen value visible even when the list is cut, or the card would lose the answer.
    const chosen = choices.find((c) => c.value === f.value);
    choices = choices.slice(0, maxChoices);
    if (chosen && !choices.includes(chosen)) choices.push(chosen);
  }
  return {
    kind: f.kind,
    id: f.id,
    label: f.label,
    placeholder: f.placeholder ?? "",
    value: f.value ?? "",
    maxLength: f.maxLength ?? (f.kind === "multiline" ? 2000 : 200),
    required: f.required,
    requiredMessage: `${f.label} is required.`,
    choices,
    error: clip(f.error, 300),
    hint: f.hint ?? "",
  };
}

/** The data `cards/form.json` and `dialogs/*.json` are expanded with (`dialogs` only matters for the chat card). */
export function formModel(form: FormView, maxChoices: number, offerDialog = true) {
  return {
    formId: form.formId,
    title: form.title,
    intro: form.intro,
    error: clip(form.error, 500),
    submitLabel: form.submitLabel,
    fields: form.fields.map((f) => fieldModel(f, maxChoices)),
    dialogs: offerDialog,
  };
}

/**
 * The form as a card in the chat (AC 1.5, static list of requestable entitlements), submitted with
 * Action.Execute "submitForm". Works where dialogs and typeahead do not (Agents Playground).
 */
export function renderFormCard(form: FormView, o: { offerDialog?: boolean } = {}): AdaptiveCardJson {
  return fitted([100, 50, 20], (max) => expandCard("form", formModel(form, max, o.offerDialog ?? true)));
}

/** The same form for a Teams dialog (AC 1.6): the entitlement field searches with Data.Query. */
export function renderFormDialog(form: FormView): AdaptiveCardJson {
  return expandDialog(form.formId, formModel(form, DIALOG_STATIC_CHOICES));
}
