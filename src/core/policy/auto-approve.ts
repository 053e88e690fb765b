import type { Entitlement, GrantKind } from "../domain/entitlement.js";
import type { Human } from "../domain/identity.js";
import type { AutoApproval } from "../domain/request.js";
import type { Policy } from "./schema.js";

export interface AutoApproveInput {
  policy: Policy;
  requester: Human;
  entitlement: Entitlement;
  grantKind: GrantKind;
  durationMinutes: number;
  now: Date;
}

/**
 * The first auto-approve rule that matches, with the reason recorded on the request and shown to people.
 * A certification counts until the end of its expiry day (UTC).
 */
export function findAutoApproval(input: AutoApproveInput): AutoApproval | undefined {
  const { policy, requester, entitlement, grantKind, durationMinutes, now } = input;
  if (!requester.staffId) return undefined;
  for (const rule of policy.autoApprove) {
    if (entitlement.privileged && !rule.includePrivileged) continue;
    if (rule.entitlementTypes && !rule.entitlementTypes.includes(entitlement.type)) continue;
    if (rule.entitlements && !rule.entitlements.includes(entitlement.code)) continue;
    if (rule.grantKinds && !rule.grantKinds.includes(grantKind)) continue;
    if (rule.maxMinutes !== undefined && durationMinutes > rule.maxMinutes) continue;
    const cert = (policy.certifications[rule.certifiedList] ?? []).find((c) => c.staffId === requester.staffId);
    if (!cert) continue;
    const validUntil = new Date(`${cert.expires}T23:59:59.999Z`);
    if (validUntil.getTime() < now.getTime()) continue;
    return { rule: rule.name, reason: `${rule.reason} (on list "${rule.certifiedList}", certified until ${cert.expires})` };
  }
  return undefined;
}
