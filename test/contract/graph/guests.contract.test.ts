import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ctx, startHarness, type Harness } from "./support/harness.js";
import { entitlement } from "./support/org-picks.js";

describe("B2B guests over Graph", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  const lastSeq = () => h.fake.requests.all().at(-1)?.seq ?? 0;
  const invite = (email: string, partner: string) =>
    ({ op: "inviteGuest", email, firstName: "Lena", lastName: "Costa", partner, redirectUrl: "https://myapps.microsoft.com" }) as const;

  it("invites the guest as 'First Last (Partner)' and puts them in the partner's base group", async () => {
    const base = entitlement(h.org, "AZZ-RBAC-B2B-Kainos");
    const since = lastSeq();

    const result = await h.graph.provisioning.apply(invite("lena.costa@kainos.com", "Kainos"), ctx());

    expect(result.outcome).toBe("applied");
    const guest = h.fake.state.user(result.objectId!)!;
    expect(guest).toMatchObject({ userType: "Guest", displayName: "Lena Costa (Kainos)", mail: "lena.costa@kainos.com" });
    expect(h.fake.state.isMember(base.graphObjectId, guest.id)).toBe(true);
    const calls = h.fake.requests.all().filter((r) => r.seq > since);
    expect(calls.map((c) => [c.method, c.url])).toEqual([
      ["POST", "/invitations"],
      ["GET", "/groups?$filter=displayName eq 'AZZ-RBAC-B2B-Kainos'&$select=id,displayName"],
      ["POST", `/groups/${base.graphObjectId}/members/$ref`],
    ]);
    expect(calls[0]!.body).toEqual({
      invitedUserEmailAddress: "lena.costa@kainos.com",
      invitedUserDisplayName: "Lena Costa (Kainos)",
      inviteRedirectUrl: "https://myapps.microsoft.com",
      invitedUserType: "Guest",
      sendInvitationMessage: true,
    });
    expect(result.graphRequestIds).toEqual(calls.map((c) => c.requestId));
  });

  it("reports a missing base group as a partial outcome, with the guest created", async () => {
    const result = await h.graph.provisioning.apply(invite("ana.ito@northwind.com", "Northwind"), ctx());

    expect(result.outcome).toBe("partial");
    expect(result.message).toMatch(/AZZ-RBAC-B2B-Northwind does not exist/);
    expect(h.fake.state.user(result.objectId!)?.userType).toBe("Guest");
  });

  it("uses a given base group id without looking it up", async () => {
    const base = entitlement(h.org, "AZZ-RBAC-B2B-Wipro");
    const since = lastSeq();
    const result = await h.graph.provisioning.apply({ ...invite("omar.haddad@wipro.com", "Wipro"), baseGroupId: base.graphObjectId }, ctx());
    expect(result.outcome).toBe("applied");
    expect(h.fake.requests.all().filter((r) => r.seq > since).map((c) => c.method)).toEqual(["POST", "POST"]);
  });

  it("deletes a guest with DELETE /users/{id}; deleting again is already in place", async () => {
    const guest = h.org.identities.find((i) => i.type === "b2b")!;
    const since = lastSeq();

    const first = await h.graph.provisioning.apply({ op: "deleteGuest", principalId: guest.objectId }, ctx());
    const second = await h.graph.provisioning.apply({ op: "deleteGuest", principalId: guest.objectId }, ctx());

    expect([first.outcome, second.outcome]).toEqual(["applied", "alreadyInPlace"]);
    expect(h.fake.state.user(guest.objectId)).toBeUndefined();
    const calls = h.fake.requests.all().filter((r) => r.seq > since);
    expect(calls.map((c) => [c.method, c.url, c.status])).toEqual([
      ["DELETE", `/users/${guest.objectId}`, 204],
      ["DELETE", `/users/${guest.objectId}`, 404],
      ["GET", `/users/${guest.objectId}?$select=id`, 404],
    ]);
  });

  it("refuses an invitation with a malformed address before calling Graph", async () => {
    const since = lastSeq();
    await expect(h.graph.provisioning.apply(invite("not-an-address", "Kainos"), ctx())).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ field: "email" }],
    });
    expect(h.fake.requests.all().filter((r) => r.seq > since)).toHaveLength(0);
  });
});
