import { z } from "zod/v4";
import { formatMinutes, parseDurationMinutes } from "../../core/domain/duration.js";
import type { FieldIssue } from "../../core/errors.js";
import type { CatalogOptionView } from "../../core/views/types.js";

export interface FormField {
  id: string;
  label: string;
  kind: "text" | "multiline" | "choice" | "search";
  required: boolean;
  value?: string;
  placeholder?: string;
  hint?: string;
  error?: string;
  maxLength?: number;
  /** For `choice`, and for `search` where the channel has no typeahead (a static list instead). */
  choices?: { value: string; label: string }[];
}

/** A neutral form: Teams renders it as a dialog or card form, Slack as a modal. */
export interface FormView {
  type: "form";
  formId: "request" | "emergency";
  title: string;
  intro: string;
  fields: FormField[];
  submitLabel: string;
  /** A problem that is not about one field. */
  error?: string;
}

const durationText = z
  .string()
  .trim()
  .max(20)
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const m = parseDurationMinutes(v);
    if (m === undefined) {
      ctx.addIssue({ code: "custom", message: "write it like 90m, 4h, 1h30m or 2d" });
      return z.NEVER;
    }
    return m;
  });

export const RequestFormSchema = z
  .object({
    entitlement: z.string().trim().min(1, "choose what you need").max(200),
    identity: z.enum(["auto", "staff", "azz", "b2b"]).default("auto"),
    grantKind: z.enum(["auto", "eligible", "active"]).default("auto"),
    duration: durationText,
    justification: z.string().trim().max(2000, "keep it under 2000 characters").default(""),
    ticket: z.string().trim().max(64).optional(),
  })
  .strict();
export type RequestFormData = z.input<typeof RequestFormSchema>;

export const EmergencyFormSchema = z
  .object({
    entitlement: z.string().trim().min(1, "choose what you need").max(200),
    incident: z.string().trim().max(64).default(""),
    duration: durationText,
    justification: z.string().trim().max(2000).optional(),
  })
  .strict();
export type EmergencyFormData = z.input<typeof EmergencyFormSchema>;

/** Maps core field names to form field ids. */
const FIELD_OF: Record<string, string> = { durationMinutes: "duration", minutes: "duration", identityType: "identity", user: "entitlement", incident: "incident" };

export function issuesByField(issues: readonly FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const id = FIELD_OF[i.field] ?? i.field;
    out[id] = out[id] ? `${out[id]} ${i.message}` : i.message;
  }
  return out;
}

export function catalogChoice(o: CatalogOptionView): { value: string; label: string } {
  const tag = o.privileged ? " 🔒" : "";
  return { value: o.entitlementId, label: `${o.displayName}${tag}${o.requestable ? "" : ` — ${o.reason ?? "not available"}`}`.slice(0, 150) };
}

export function requestForm(options: CatalogOptionView[], values: Partial<Record<string, string>> = {}, errors: Record<string, string> = {}, formError?: string): FormView {
  const requestable = options.filter((o) => o.requestable);
  return {
    type: "form",
    formId: "request",
    title: "Request access",
    intro: "Pick what you need, for how long and why. Privileged entitlements are granted to your azz admin account.",
    submitLabel: "Send request",
    error: formError,
    fields: [
      { id: "entitlement", label: "Entitlement", kind: "search", required: true, value: values.entitlement, placeholder: "Search roles and groups…", choices: requestable.map(catalogChoice), error: errors.entitlement },
      { id: "identity", label: "Account", kind: "choice", required: false, value: values.identity ?? "auto", hint: "Automatic picks your azz account for privileged entitlements", choices: [{ value: "auto", label: "Automatic" }, { value: "staff", label: "Staff account" }, { value: "azz", label: "azz admin account" }, { value: "b2b", label: "Guest account" }], error: errors.identity },
      { id: "grantKind", label: "Kind", kind: "choice", required: false, value: values.grantKind ?? "auto", choices: [{ value: "auto", label: "Policy default" }, { value: "active", label: "Active now" }, { value: "eligible", label: "Eligible (activate in PIM)" }], error: errors.grantKind },
      { id: "duration", label: "Duration", kind: "text", required: false, value: values.duration, placeholder: "e.g. 4h", hint: "Leave empty for the policy default; the maximum depends on the entitlement", maxLength: 20, error: errors.duration },
      { id: "justification", label: "Justification", kind: "multiline", required: true, value: values.justification, placeholder: "What will you do with it?", maxLength: 2000, error: errors.justification },
      { id: "ticket", label: "Ticket", kind: "text", required: false, value: values.ticket, placeholder: "CHG-12345", hint: "Required for roles and privileged groups", maxLength: 64, error: errors.ticket },
    ],
  };
}

export function emergencyForm(options: CatalogOptionView[], maxMinutes: number, values: Partial<Record<string, string>> = {}, errors: Record<string, string> = {}, formError?: string): FormView {
  return {
    type: "form",
    formId: "emergency",
    title: "Emergency access",
    intro: `Break-glass access is granted at once, for at most ${formatMinutes(maxMinutes)}, announced to the security team and reviewed afterwards. An incident ticket is mandatory.`,
    submitLabel: "Grant emergency access",
    error: formError,
    fields: [
      { id: "entitlement", label: "Entitlement", kind: "search", required: true, value: values.entitlement, choices: options.map(catalogChoice), error: errors.entitlement },
      { id: "incident", label: "Incident", kind: "text", required: true, value: values.incident, placeholder: "INC-12345", maxLength: 64, error: errors.incident },
      { id: "duration", label: "Duration", kind: "text", required: false, value: values.duration, placeholder: formatMinutes(maxMinutes).replace(" ", ""), hint: `At most ${formatMinutes(maxMinutes)}`, maxLength: 20, error: errors.duration },
      { id: "justification", label: "What will you do?", kind: "multiline", required: false, value: values.justification, maxLength: 2000, error: errors.justification },
    ],
  };
}
