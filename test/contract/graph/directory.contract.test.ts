import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./support/harness.js";
import { entitlement, identityOf } from "./support/org-picks.js";

describe("directory reads over Graph", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adapter: { pageSize: 10 } });
  });
  afterAll(() => h.close());

  it("finds a user's manager", async () => {
    const jane = identityOf(h.org, h.org.personas.requester, "staff");
    const marcus = identityOf(h.org, h.org.personas.identityManager, "staff");
    expect(await h.graph.directory.managerOf(jane.objectId)).toEqual({ objectId: marcus.objectId, userPrincipalName: marcus.userPrincipalName });
  });

  it("answers undefined for someone without a manager (Graph's 404 Request_ResourceNotFound)", async () => {
    const ceo = identityOf(h.org, h.org.personas.ceo, "staff");
    expect(await h.graph.directory.managerOf(ceo.objectId)).toBeUndefined();
    const last = h.fake.requests.all().at(-1)!;
    expect([last.url, last.status]).toEqual([`/users/${ceo.objectId}/manager?$select=id,userPrincipalName`, 404]);
  });

  it("reads the last sign-in from signInActivity", async () => {
    const jane = identityOf(h.org, h.org.personas.requester, "azz");
    expect(await h.graph.directory.lastSignIn(jane.objectId)).toBe(h.org.lastSignIn[jane.objectId]);
    expect(h.fake.requests.all().at(-1)!.url).toBe(`/users/${jane.objectId}?$select=id,signInActivity`);
  });

  it("finds the newest self-activation of an eligible grant", async () => {
    const grant = h.org.existingGrants.find((g) => g.lastActivationAt && h.org.entitlements.find((e) => e.id === g.entitlementId)?.target.mechanism === "entraRole")!;
    const identity = h.org.identities.find((i) => i.id === grant.identityId)!;
    const e = h.org.entitlements.find((x) => x.id === grant.entitlementId)!;
    expect(await h.graph.directory.lastActivation(identity.objectId, e.target)).toBe(grant.lastActivationAt);
  });

  it("has no activation evidence for a plain group and asks Graph nothing", async () => {
    const before = h.fake.requests.all().length;
    const reader = entitlement(h.org, "AZZ-RBAC-PAY-PROD-Reader");
    expect(await h.graph.directory.lastActivation(h.org.identities[0]!.objectId, reader.target)).toBeUndefined();
    expect(h.fake.requests.all()).toHaveLength(before);
  });

  it("syncs the catalogue: roles, AZZ-RBAC groups across pages, and M365 role groups by their governance attribute", async () => {
    const items = await h.graph.directory.listCatalog();

    const byCode = new Map(items.map((i) => [i.code, i]));
    for (const e of h.org.entitlements) {
      const item = byCode.get(e.code);
      expect(item, e.code).toBeDefined();
      expect(item).toMatchObject({ type: e.type, graphObjectId: e.graphObjectId, target: e.target });
      if (e.type !== "ENTRA_ROLE") {
        expect(item).toMatchObject({ privileged: e.privileged, requestable: e.requestable, tenant: e.tenant, valueStream: e.valueStream });
      }
    }
    expect(items).toHaveLength(h.org.entitlements.length);
    const groupPages = h.fake.requests.all().filter((r) => r.path === "/groups" && r.url.includes("startswith"));
    expect(groupPages.length).toBeGreaterThan(1);
    expect(groupPages.slice(1).every((p) => p.url.includes("$skiptoken="))).toBe(true);
  });
});
