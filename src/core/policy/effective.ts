import type { Entitlement } from "../domain/entitlement.js";
import { grantKindsFor } from "../domain/entitlement.js";
import type { Policy, Rules, RulesOverride } from "./schema.js";

/** The rules that apply to one entitlement: defaults, then its type's overrides, then its own. */
export interface EffectiveRules extends Rules {
  /** Which layers contributed, for explanations ("policy: defaults + ENTRA_ROLE + Global Administrator"). */
  sources: string[];
}

function applyOverride(base: Rules, o: RulesOverride | undefined): Rules {
  if (!o) return base;
  return {
    approval: { ...base.approval, ...o.approval },
    duration: { ...base.duration, ...o.duration },
    grantKinds: o.grantKinds ?? base.grantKinds,
    defaultGrantKind: o.defaultGrantKind ?? base.defaultGrantKind,
    justification: { ...base.justification, ...o.justification },
    ticket: { ...base.ticket, ...o.ticket },
    identityTypes: o.identityTypes ?? base.identityTypes,
    extension: { ...base.extension, ...o.extension },
    expiringNoticeMinutes: o.expiringNoticeMinutes ?? base.expiringNoticeMinutes,
  };
}

export function effectiveRules(policy: Policy, entitlement: Entitlement): EffectiveRules {
  const sources = ["defaults"];
  let rules = policy.defaults;
  const byType = policy.types[entitlement.type];
  if (byType) {
    rules = applyOverride(rules, byType);
    sources.push(`type ${entitlement.type}`);
  }
  const own = policy.entitlements[entitlement.code];
  if (own) {
    rules = applyOverride(rules, own);
    sources.push(`entitlement ${entitlement.code}`);
  }
  // Hard rules that no policy file can loosen: privileged entitlements go to azz identities only,
  // and plain group memberships have no eligibility to grant.
  const identityTypes = entitlement.privileged ? rules.identityTypes.filter((t) => t === "azz") : rules.identityTypes;
  const possibleKinds = grantKindsFor(entitlement.target);
  const grantKinds = rules.grantKinds.filter((k) => possibleKinds.includes(k));
  const defaultGrantKind = grantKinds.includes(rules.defaultGrantKind) ? rules.defaultGrantKind : (grantKinds[0] ?? "active");
  return {
    ...rules,
    identityTypes: identityTypes.length > 0 ? identityTypes : ["azz"],
    grantKinds: grantKinds.length > 0 ? grantKinds : possibleKinds,
    defaultGrantKind,
    duration: { ...rules.duration, defaultMinutes: Math.min(rules.duration.defaultMinutes, rules.duration.maxMinutes) },
    sources,
  };
}
