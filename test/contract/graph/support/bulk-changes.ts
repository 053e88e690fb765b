import type { Entitlement } from "../../../../src/core/domain/entitlement.js";
import type { ProvisioningChange } from "../../../../src/core/ports/provisioning.js";
import type { DemoOrg } from "../../../../src/demo/org.js";

export type GrantChange = Extract<ProvisioningChange, { op: "grant" }>;

/**
 * `count` grants nobody holds yet, spread round-robin over Entra roles (eligible and active), PIM groups
 * (eligible and active) and plain groups: the mix an access review or an onboarding wave produces.
 */
export function bulkGrants(org: DemoOrg, count: number, now: Date): GrantChange[] {
  const held = new Set(org.existingGrants.map((g) => `${org.identities.find((i) => i.id === g.identityId)?.objectId}|${g.entitlementId}`));
  const principals = org.identities.filter((i) => i.type !== "b2b");
  const pools: Array<{ entitlements: Entitlement[]; kind: "eligible" | "active" }> = [
    { entitlements: org.entitlements.filter((e) => e.target.mechanism === "entraRole"), kind: "eligible" },
    { entitlements: org.entitlements.filter((e) => e.target.mechanism === "pimGroup"), kind: "eligible" },
    { entitlements: org.entitlements.filter((e) => e.target.mechanism === "group" && e.type !== "B2B_BASE"), kind: "active" },
    { entitlements: org.entitlements.filter((e) => e.target.mechanism === "entraRole"), kind: "active" },
    { entitlements: org.entitlements.filter((e) => e.target.mechanism === "pimGroup"), kind: "active" },
  ];
  const out: GrantChange[] = [];
  const used = new Set<string>();
  const end = new Date(now.getTime() + 30 * 86_400_000).toISOString();
  for (let i = 0; out.length < count; i++) {
    if (i > count * 50) throw new Error("demo organisation too small for the requested changes");
    const pool = pools[i % pools.length]!;
    const e = pool.entitlements[Math.floor(i / pools.length) % pool.entitlements.length]!;
    const who = principals[(i * 7) % principals.length]!;
    const key = `${who.objectId}|${e.id}`;
    if (held.has(key) || used.has(key)) continue;
    used.add(key);
    out.push({ op: "grant", kind: pool.kind, target: e.target, principalId: who.objectId, startAt: now.toISOString(), endAt: end, justification: `bulk change ${out.length + 1}` });
  }
  return out;
}
