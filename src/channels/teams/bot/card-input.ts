/** Ids of the inputs our cards carry per subject (`reason__req_123`); see render/actions.ts. */
const SUBJECT_INPUT = /^(reason|minutes|reassignTo)__(.+)$/;

export type ActionData = Record<string, unknown>;

/**
 * The neutral card action payload from what Teams sends for an Action.Execute: the verb, the action's
 * data and the values of the card's inputs, merged. Inputs of this subject become their neutral field;
 * inputs of other subjects on the same card (a list) and empty inputs are dropped. Anything else is
 * passed on untouched, so the strict schema refuses forged extra fields.
 */
export function actionPayload(verb: string, data: ActionData): ActionData {
  const subject = typeof data.requestId === "string" ? data.requestId : typeof data.reviewItemId === "string" ? data.reviewItemId : undefined;
  const out: ActionData = { verb };
  for (const [key, value] of Object.entries(data)) {
    const m = SUBJECT_INPUT.exec(key);
    if (!m) {
      out[key] = value;
      continue;
    }
    if (m[2] !== subject || value === "" || value === undefined || value === null) continue;
    out[m[1] as string] = value;
  }
  return out;
}

/** Teams adds nothing of its own to Action.Execute data, but an Action.Submit also carries `msteams`. */
export function formValues(data: ActionData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === "msteams" || key === "dialog" || key === "form") continue;
    out[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}
