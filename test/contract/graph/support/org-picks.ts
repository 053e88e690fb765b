import type { Entitlement, EntitlementTarget } from "../../../../src/core/domain/entitlement.js";
import type { Identity } from "../../../../src/core/domain/identity.js";
import type { DemoOrg } from "../../../../src/demo/org.js";

export function entitlement(org: DemoOrg, code: string): Entitlement {
  const e = org.entitlements.find((x) => x.code === code);
  if (!e) throw new Error(`no entitlement ${code} in the demo org`);
  return e;
}

/** Identities that hold nothing through the demo's existing grants, so a test starts from a clean slate. */
export function untouchedIdentities(org: DemoOrg, type: Identity["type"]): Identity[] {
  const holders = new Set(org.existingGrants.map((g) => g.identityId));
  return org.identities.filter((i) => i.type === type && !holders.has(i.id));
}

export function identityOf(org: DemoOrg, humanId: string, type: Identity["type"]): Identity {
  const i = org.identities.find((x) => x.humanId === humanId && x.type === type);
  if (!i) throw new Error(`no ${type} identity for ${humanId}`);
  return i;
}

export function roleTarget(e: Entitlement): Extract<EntitlementTarget, { mechanism: "entraRole" }> {
  if (e.target.mechanism !== "entraRole") throw new Error(`${e.code} is not a role`);
  return e.target;
}
