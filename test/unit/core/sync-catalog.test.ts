import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTenant } from "../../../src/adapters/graph/fake/index.js";
import type { GraphAdapter } from "../../../src/adapters/graph/index.js";
import { ErrorCodes } from "../../../src/core/errors.js";
import { put } from "../../../src/core/ports/store.js";
import { syncCatalog } from "../../../src/core/usecases/sync-catalog.js";
import { searchCatalog } from "../../../src/core/usecases/queries/search-catalog.js";
import { buildDemoOrg } from "../../../src/demo/org.js";
import { coreHarness } from "../../support/core-harness.js";
import { FakeClock } from "../../support/fake-clock.js";
import { graphWorld } from "../../support/graph-world.js";

describe("catalogue sync from Graph into the store", () => {
  const clock = new FakeClock();
  const org = buildDemoOrg({ now: clock.now(), staffCount: 120, guestCount: 10 });
  let tenant: FakeTenant;
  let graph: GraphAdapter;
  beforeAll(async () => {
    const boot = await coreHarness();
    ({ tenant, graph } = await graphWorld({ org, clock, audit: boot.audit, ids: boot.deps.ids }));
  });
  afterAll(async () => tenant.close());

  it("keeps what matches, adds new groups as privileged and not requestable, retires what vanished", async () => {
    const h = await coreHarness();
    await h.store.commit([put("entitlements", { ...org.entitlements[0]!, id: "ent_gone", code: "AZZ-RBAC-OLD-PROD-Owner", displayName: "AZZ-RBAC-OLD-PROD-Owner", graphObjectId: "00000000-0000-4000-8000-000000000001", version: 0 })]);
    tenant.state.addGroup({ ...[...tenant.state.groups.values()].find((g) => g.displayName === "AZZ-RBAC-PAY-PROD-Reader")!, id: "7d0c4d3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", displayName: "AZZ-RBAC-NEW-PROD-Admin", extensions: {} } as never);
    const r = await syncCatalog(h.deps, graph.directory, { tenant: "CONTOSO-PROD" });
    expect(r.added).toEqual(["AZZ-RBAC-NEW-PROD-Admin"]);
    expect(r.retired).toEqual(["AZZ-RBAC-OLD-PROD-Owner"]);
    expect(r.unchanged + r.updated.length).toBe(org.entitlements.length);
    const added = (await h.store.find("entitlements", { code: "AZZ-RBAC-NEW-PROD-Admin" }))[0]!;
    expect(added).toMatchObject({ privileged: true, requestable: false, type: "AZZ_RBAC_PRIV" });
    const ga = (await h.store.find("entitlements", { code: "Global Administrator" }))[0]!;
    expect(ga).toMatchObject({ requestable: true, ownerStaffId: "10004", id: "ent_global-administrator" });
    expect(await searchCatalog(h.deps, { humanId: "hum_12345", query: "AZZ-RBAC-OLD" })).toEqual([]);
    expect(h.audit.records.at(-1)).toMatchObject({ action: "CatalogSync", message: expect.stringContaining("1 added") });
  });

  it("refuses to retire the whole catalogue on an empty answer", async () => {
    const h = await coreHarness();
    const empty = { ...graph.directory, listCatalog: async () => [] };
    await expect(syncCatalog(h.deps, empty, { tenant: "X" })).rejects.toMatchObject({ code: ErrorCodes.GRAPH_ERROR });
    expect((await h.store.find("entitlements")).every((e) => !e.retiredAt)).toBe(true);
  });
});
