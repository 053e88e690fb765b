import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntitlementTarget } from "../../../src/core/domain/entitlement.js";
import { ctx, NOW, startHarness, type Harness } from "./support/harness.js";
import { entitlement, untouchedIdentities } from "./support/org-picks.js";

const iso = (ms: number) => new Date(ms).toISOString();

describe("plain group membership over Graph", () => {
  let h: Harness;
  let group: Extract<EntitlementTarget, { mechanism: "group" }>;
  beforeAll(async () => {
    h = await startHarness();
    const e = entitlement(h.org, "AZZ-RBAC-DAT-PROD-Reader");
    if (e.target.mechanism !== "group") throw new Error("expected a plain group");
    group = e.target;
  });
  afterAll(() => h.close());
  const lastSeq = () => h.fake.requests.all().at(-1)?.seq ?? 0;
  const grant = (principalId: string) =>
    ({ op: "grant", kind: "active", target: group, principalId, startAt: NOW.toISOString(), endAt: iso(NOW.getTime() + 86_400_000), justification: "read access" }) as const;

  it("adds a member with POST members/$ref naming the directory object", async () => {
    const who = untouchedIdentities(h.org, "staff")[0]!;
    const since = lastSeq();

    const result = await h.graph.provisioning.apply(grant(who.objectId), ctx());

    expect(result.outcome).toBe("applied");
    const writes = h.fake.requests.writes().filter((w) => w.seq > since);
    expect(writes.map((w) => [w.method, w.path, w.body])).toEqual([
      ["POST", `/groups/${group.groupId}/members/$ref`, { "@odata.id": `${h.fake.url}/directoryObjects/${who.objectId}` }],
    ]);
    expect(h.fake.state.isMember(group.groupId, who.objectId)).toBe(true);
  });

  it("adding an existing member is already in place, confirmed by reading the membership", async () => {
    const who = untouchedIdentities(h.org, "staff")[0]!;
    const since = lastSeq();

    const result = await h.graph.provisioning.apply(grant(who.objectId), ctx());

    expect(result.outcome).toBe("alreadyInPlace");
    const calls = h.fake.requests.all().filter((r) => r.seq > since);
    expect(calls.map((c) => [c.method, c.status])).toEqual([
      ["POST", 400],
      ["GET", 200],
    ]);
    expect(calls[1]!.url).toBe(`/groups/${group.groupId}/members?$filter=id eq '${who.objectId}'&$select=id&$count=true`);
    expect(h.fake.state.group(group.groupId)!.members.has(who.objectId.toLowerCase())).toBe(true);
  });

  it("removes a member with DELETE members/{id}/$ref; removing again is already in place", async () => {
    const who = untouchedIdentities(h.org, "staff")[0]!;
    const since = lastSeq();

    const first = await h.graph.provisioning.apply({ op: "remove", kind: "active", target: group, principalId: who.objectId, justification: "leaver" }, ctx());
    const second = await h.graph.provisioning.apply({ op: "remove", kind: "active", target: group, principalId: who.objectId, justification: "leaver" }, ctx());

    expect([first.outcome, second.outcome]).toEqual(["applied", "alreadyInPlace"]);
    const deletes = h.fake.requests.writes().filter((w) => w.seq > since);
    expect(deletes.map((d) => [d.method, d.path, d.status])).toEqual([
      ["DELETE", `/groups/${group.groupId}/members/${who.objectId}/$ref`, 204],
      ["DELETE", `/groups/${group.groupId}/members/${who.objectId}/$ref`, 404],
    ]);
    expect(h.fake.state.isMember(group.groupId, who.objectId)).toBe(false);
  });

  it("extending a plain membership writes nothing: Graph has no end date for it", async () => {
    const who = untouchedIdentities(h.org, "staff")[1]!;
    await h.graph.provisioning.apply(grant(who.objectId), ctx());
    const since = lastSeq();

    const result = await h.graph.provisioning.apply({ op: "extend", kind: "active", target: group, principalId: who.objectId, endAt: iso(NOW.getTime() + 2 * 86_400_000), justification: "more" }, ctx());

    expect(result.outcome).toBe("alreadyInPlace");
    expect(result.message).toMatch(/expiry job/);
    expect(h.fake.requests.writes().filter((w) => w.seq > since)).toHaveLength(0);
  });

  it("refuses an eligible grant on a plain group before calling Graph", async () => {
    const who = untouchedIdentities(h.org, "staff")[2]!;
    const since = lastSeq();
    await expect(
      h.graph.provisioning.apply({ ...grant(who.objectId), kind: "eligible" }, ctx()),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED", issues: [{ field: "kind" }] });
    expect(h.fake.requests.all().filter((r) => r.seq > since)).toHaveLength(0);
  });
});
