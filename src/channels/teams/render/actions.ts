import type { ActionView } from "../../../core/views/types.js";
import type { PostedSubject } from "../../shared/posted-copies.js";

/** What a card action is about: its data carries exactly this plus the version and the verb's inputs. */
export type SubjectRef = PostedSubject;

export function subjectId(subject: SubjectRef): string {
  return "requestId" in subject ? subject.requestId : subject.reviewItemId;
}

export interface DirectActionModel {
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style: string;
}

export interface InputActionModel extends DirectActionModel {
  kind: "text" | "choice";
  inputId: string;
  inputLabel: string;
  required: boolean;
  errorMessage: string;
  confirmTitle: string;
  options: { label: string; value: string }[];
  defaultValue: string;
}

export interface ActionModels {
  directActions: DirectActionModel[];
  inputActions: InputActionModel[];
}

/** The neutral payload field an action's free text or choice fills. */
function inputFieldOf(action: ActionView): "reason" | "minutes" | "reassignTo" {
  if (action.choices) return action.id === "reassign" ? "reassignTo" : "minutes";
  return "reason";
}

/**
 * Input ids are unique per card (a list card has one Extend per item), so they carry the subject:
 * `minutes__req_123`. card-input.ts maps them back to the neutral field for that subject only.
 */
export function inputId(field: string, subject: SubjectRef): string {
  return `${field}__${subjectId(subject)}`;
}

export function actionModels(actions: readonly ActionView[], subject: SubjectRef, version: number): ActionModels {
  const base = { ...subject, version };
  const out: ActionModels = { directActions: [], inputActions: [] };
  for (const a of actions) {
    if (a.id === "open") {
      out.directActions.push({ title: a.label, verb: "open", data: { ...subject }, style: "default" });
      continue;
    }
    if (!a.needsText && !a.choices) {
      out.directActions.push({ title: a.label, verb: a.id, data: base, style: a.style });
      continue;
    }
    const field = inputFieldOf(a);
    const options = a.choices?.options ?? [];
    out.inputActions.push({
      title: a.label,
      verb: a.id,
      data: base,
      style: a.style,
      kind: a.choices ? "choice" : "text",
      inputId: inputId(field, subject),
      inputLabel: a.choices?.label ?? a.needsText?.label ?? "",
      required: a.choices ? true : (a.needsText?.required ?? false),
      errorMessage: a.choices ? "Pick one." : `Write at least ${a.needsText?.minLength ?? 1} characters.`,
      confirmTitle: `Confirm: ${a.label.toLowerCase()}`,
      options,
      defaultValue: options[0]?.value ?? "",
    });
  }
  return out;
}
