import type { Entitlement, GrantKind } from "../domain/entitlement.js";
import type { Human, Identity, IdentityType } from "../domain/identity.js";
import { azzAccountName } from "../domain/identity.js";
import { formatMinutes } from "../domain/duration.js";
import { ErrorCodes, PolicyViolationError, type ErrorCode, type FieldIssue } from "../errors.js";
import type { EffectiveRules } from "./effective.js";

export interface RequestDraft {
  identityType?: IdentityType;
  grantKind?: GrantKind;
  durationMinutes?: number;
  justification: string;
  ticket?: string;
}

export interface CheckedRequest {
  identity: Identity;
  grantKind: GrantKind;
  durationMinutes: number;
  justification: string;
  ticket?: string;
}

/** Which identity a request is for: privileged → azz, otherwise staff unless the user chose otherwise. */
export function chooseIdentity(
  human: Human,
  identities: readonly Identity[],
  entitlement: Entitlement,
  rules: EffectiveRules,
  wanted?: IdentityType,
): { identity?: Identity; issue?: FieldIssue } {
  const usable = identities.filter((i) => i.accountEnabled);
  const azz = usable.find((i) => i.type === "azz");
  if (wanted && !rules.identityTypes.includes(wanted)) {
    const hint = entitlement.privileged
      ? azz
        ? `${entitlement.displayName} is privileged: it can only be granted to your admin account ${azz.userPrincipalName}. Choose identity "azz".`
        : `${entitlement.displayName} is privileged and can only be granted to an azz admin account, and you have none${human.staffId ? ` (it would be ${azzAccountName(human.staffId)})` : ""}. Ask the platform team for an admin account first.`
      : `${entitlement.displayName} can be granted to ${rules.identityTypes.join(" or ")} identities, not ${wanted}.`;
    return { issue: { field: "identity", message: hint, code: ErrorCodes.IDENTITY_NOT_ALLOWED } };
  }
  const order: IdentityType[] = wanted ? [wanted] : (["staff", "azz", "b2b"] as IdentityType[]).filter((t) => rules.identityTypes.includes(t));
  for (const t of order) {
    const found = usable.find((i) => i.type === t);
    if (found) return { identity: found };
  }
  if (rules.identityTypes.length === 1 && rules.identityTypes[0] === "azz") {
    return {
      issue: {
        field: "identity",
        code: ErrorCodes.NO_AZZ_ACCOUNT,
        message: `${entitlement.displayName} is privileged and can only be granted to an azz admin account, and you have none${human.staffId ? ` (it would be ${azzAccountName(human.staffId)})` : ""}. Ask the platform team for an admin account first.`,
      },
    };
  }
  return {
    issue: {
      field: "identity",
      code: ErrorCodes.IDENTITY_NOT_ALLOWED,
      message: `You have no enabled ${order.join(" or ") || rules.identityTypes.join(" or ")} account that ${entitlement.displayName} can be granted to.`,
    },
  };
}

/**
 * Checks a request against the effective rules and collects every problem, field by field, so that a
 * form can show them all at once. Throws `PolicyViolationError` whose code is the first problem's.
 */
export function checkRequest(
  human: Human,
  identities: readonly Identity[],
  entitlement: Entitlement,
  rules: EffectiveRules,
  draft: RequestDraft,
): CheckedRequest {
  const issues: FieldIssue[] = [];
  const { identity, issue } = chooseIdentity(human, identities, entitlement, rules, draft.identityType);
  if (issue) issues.push(issue);

  const grantKind = draft.grantKind ?? rules.defaultGrantKind;
  if (!rules.grantKinds.includes(grantKind)) {
    issues.push({
      field: "grantKind",
      code: ErrorCodes.GRANT_KIND_NOT_ALLOWED,
      message: `${entitlement.displayName} can be granted as ${rules.grantKinds.join(" or ")}, not ${grantKind}.`,
    });
  }

  const durationMinutes = draft.durationMinutes ?? rules.duration.defaultMinutes;
  if (durationMinutes > rules.duration.maxMinutes) {
    issues.push({
      field: "duration",
      code: ErrorCodes.DURATION_EXCEEDS_MAX,
      message: `${formatMinutes(durationMinutes)} is longer than the ${formatMinutes(rules.duration.maxMinutes)} allowed for ${entitlement.displayName}.`,
    });
  } else if (durationMinutes < 5) {
    issues.push({ field: "duration", code: ErrorCodes.VALIDATION_FAILED, message: "The shortest duration is 5 minutes." });
  }

  const justification = draft.justification.trim();
  if (justification.length < rules.justification.minLength) {
    issues.push({
      field: "justification",
      code: ErrorCodes.JUSTIFICATION_TOO_SHORT,
      message: `Say why you need it in at least ${rules.justification.minLength} characters (you wrote ${justification.length}).`,
    });
  }

  const ticket = draft.ticket?.trim() || undefined;
  if (!ticket && rules.ticket.required) {
    issues.push({ field: "ticket", code: ErrorCodes.TICKET_REQUIRED, message: `A ticket number is required for ${entitlement.displayName} (format ${rules.ticket.pattern}).` });
  } else if (ticket && !new RegExp(rules.ticket.pattern).test(ticket)) {
    issues.push({ field: "ticket", code: ErrorCodes.TICKET_INVALID, message: `"${ticket}" is not a ticket number this policy accepts (format ${rules.ticket.pattern}).` });
  }

  if (issues.length > 0 || !identity) {
    const first = issues[0] as FieldIssue;
    throw new PolicyViolationError(first.code as ErrorCode, issues.map((i) => i.message).join(" "), { field: first.field, issues });
  }
  return { identity, grantKind, durationMinutes, justification, ticket };
}
