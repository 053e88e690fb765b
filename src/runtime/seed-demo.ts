import type { Grant } from "../core/domain/grant.js";
import type { Store, WriteOp } from "../core/ports/store.js";
import { put } from "../core/ports/store.js";
import type { DemoOrg } from "../demo/org.js";

/**
 * Loads the demo organisation into an empty store. Pre-existing tenant assignments become grants
 * without a request, so "my access" and reviews have realistic data from the first start.
 */
export async function seedDemoOrg(store: Store, org: DemoOrg): Promise<{ seeded: boolean }> {
  const already = await store.find("meta", { id: "demo-seed" });
  if (already.length > 0 || (await store.find("humans")).length > 0) return { seeded: false };
  const identityById = new Map(org.identities.map((i) => [i.id, i]));
  const grants: Grant[] = org.existingGrants.map((g, n) => ({
    id: `gr_seed_${String(n + 1).padStart(4, "0")}`,
    version: 0,
    humanId: identityById.get(g.identityId)?.humanId ?? "",
    identityId: g.identityId,
    entitlementId: g.entitlementId,
    kind: g.kind,
    state: "active",
    startAt: g.startAt,
    endAt: g.endAt,
    emergency: false,
    grantedAt: g.startAt,
    lastActivationAt: g.lastActivationAt,
  }));
  const ops: WriteOp[] = [
    ...org.humans.map((h) => put("humans", { ...h, version: 0 })),
    ...org.identities.map((i) => put("identities", { ...i, version: 0 })),
    ...org.entitlements.map((e) => put("entitlements", { ...e, version: 0 })),
    ...grants.map((g) => put("grants", g)),
    put("meta", { id: "demo-seed", version: 0, value: { tenantId: org.tenantId, humans: org.humans.length } }),
  ];
  await store.commit(ops);
  return { seeded: true };
}
