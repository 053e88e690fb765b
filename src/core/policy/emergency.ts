import type { Entitlement } from "../domain/entitlement.js";
import type { Human } from "../domain/identity.js";
import { formatMinutes } from "../domain/duration.js";
import { ErrorCodes, PolicyViolationError, type FieldIssue } from "../errors.js";
import type { Policy } from "./schema.js";

/** Whether this person may use break-glass access at all (named staff IDs or a named group). */
export function mayUseEmergency(policy: Policy, human: Human): boolean {
  const e = policy.emergency;
  if (!e.enabled || !human.staffId || !human.active) return false;
  if (e.allowed.staffIds.includes(human.staffId)) return true;
  return e.allowed.groups.some((g) => (policy.groups[g] ?? []).includes(human.staffId as string));
}

/**
 * Entitlements named explicitly are covered even when not requestable (that is what break-glass is
 * for); entitlements covered only through their type must also be requestable.
 */
export function emergencyCovers(policy: Policy, entitlement: Entitlement): boolean {
  const e = policy.emergency;
  if (e.entitlements.includes(entitlement.code)) return true;
  if (!entitlement.requestable) return false;
  return (e.entitlementTypes.length === 0 && e.entitlements.length === 0) || e.entitlementTypes.includes(entitlement.type);
}

export interface EmergencyDraft {
  incident: string;
  minutes?: number;
  justification?: string;
}

/** Checks a break-glass request; every problem is reported field by field. */
export function checkEmergency(policy: Policy, human: Human, entitlement: Entitlement, draft: EmergencyDraft): { minutes: number; incident: string; justification: string } {
  const e = policy.emergency;
  if (!mayUseEmergency(policy, human)) {
    throw new PolicyViolationError(
      ErrorCodes.EMERGENCY_NOT_ALLOWED,
      e.enabled
        ? "You are not on the break-glass list. Ask your manager or the security team, or file a normal request."
        : "Emergency access is switched off by policy.",
      { field: "user" },
    );
  }
  if (!emergencyCovers(policy, entitlement)) {
    throw new PolicyViolationError(
      ErrorCodes.EMERGENCY_NOT_ALLOWED,
      `${entitlement.displayName} is not available for emergency access; file a normal request.`,
      { field: "entitlement" },
    );
  }
  const issues: FieldIssue[] = [];
  const incident = draft.incident.trim();
  if (!incident) issues.push({ field: "incident", code: ErrorCodes.INCIDENT_REQUIRED, message: "An incident ticket is mandatory for emergency access." });
  else if (!new RegExp(e.incidentPattern).test(incident)) {
    issues.push({ field: "incident", code: ErrorCodes.TICKET_INVALID, message: `"${incident}" is not an incident number (format ${e.incidentPattern}).` });
  }
  const minutes = draft.minutes ?? e.defaultMinutes;
  if (minutes > e.maxMinutes) {
    issues.push({ field: "minutes", code: ErrorCodes.DURATION_EXCEEDS_MAX, message: `Emergency access lasts at most ${formatMinutes(e.maxMinutes)}; you asked for ${formatMinutes(minutes)}.` });
  } else if (minutes < 5) {
    issues.push({ field: "minutes", code: ErrorCodes.VALIDATION_FAILED, message: "The shortest emergency grant is 5 minutes." });
  }
  const justification = (draft.justification ?? "").trim() || `Emergency for incident ${incident}`;
  if (justification.length < e.justificationMinLength) {
    issues.push({ field: "justification", code: ErrorCodes.JUSTIFICATION_TOO_SHORT, message: `Say what you will do in at least ${e.justificationMinLength} characters.` });
  }
  if (issues.length > 0) {
    const first = issues[0] as FieldIssue;
    throw new PolicyViolationError(first.code ?? ErrorCodes.VALIDATION_FAILED, issues.map((i) => i.message).join(" "), { field: first.field, issues });
  }
  return { minutes, incident, justification };
}
