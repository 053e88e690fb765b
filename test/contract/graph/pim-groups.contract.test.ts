import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntitlementTarget } from "../../../src/core/domain/entitlement.js";
import { ctx, NOW, startHarness, type Harness } from "./support/harness.js";
import { entitlement, untouchedIdentities } from "./support/org-picks.js";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const BASE = "/identityGovernance/privilegedAccess/group";

describe("PIM for Groups over Graph", () => {
  let h: Harness;
  let group: Extract<EntitlementTarget, { mechanism: "pimGroup" }>;
  beforeAll(async () => {
    h = await startHarness();
    const e = entitlement(h.org, "AZZ-RBAC-PLT-PROD-Contributor");
    if (e.target.mechanism !== "pimGroup") throw new Error("expected a PIM group");
    group = e.target;
  });
  afterAll(() => h.close());
  const lastSeq = () => h.fake.requests.all().at(-1)?.seq ?? 0;

  it("makes a principal an eligible member with accessId member", async () => {
    const who = untouchedIdentities(h.org, "azz")[10]!;
    const endAt = iso(NOW.getTime() + 180 * 24 * HOUR);
    const since = lastSeq();

    const result = await h.graph.provisioning.apply(
      { op: "grant", kind: "eligible", target: group, principalId: who.objectId, startAt: NOW.toISOString(), endAt, justification: "joins platform on-call" },
      ctx(),
    );

    expect(result.outcome).toBe("applied");
    const writes = h.fake.requests.writes().filter((w) => w.seq > since);
    expect(writes.map((w) => [w.method, w.path])).toEqual([["POST", `${BASE}/eligibilityScheduleRequests`]]);
    expect(writes[0]!.body).toEqual({
      action: "adminAssign",
      principalId: who.objectId,
      groupId: group.groupId,
      accessId: "member",
      justification: "joins platform on-call",
      scheduleInfo: { startDateTime: NOW.toISOString(), expiration: { type: "afterDateTime", endDateTime: endAt } },
    });
    expect(h.fake.state.instancesFor("groupEligibility", who.objectId, group)).toHaveLength(1);
    expect(h.fake.state.isMember(group.groupId, who.objectId)).toBe(false);
  });

  it("makes a principal an active member for a bounded time, which makes them a member of the group", async () => {
    const who = untouchedIdentities(h.org, "azz")[11]!;
    const since = lastSeq();

    const result = await h.graph.provisioning.apply(
      { op: "grant", kind: "active", target: group, principalId: who.objectId, startAt: NOW.toISOString(), endAt: iso(NOW.getTime() + 8 * HOUR), justification: "release night" },
      ctx(),
    );

    expect(result.outcome).toBe("applied");
    const [write] = h.fake.requests.writes().filter((w) => w.seq > since);
    expect(write).toMatchObject({ method: "POST", path: `${BASE}/assignmentScheduleRequests`, body: { action: "adminAssign", accessId: "member", groupId: group.groupId } });
    expect(h.fake.state.instancesFor("groupAssignment", who.objectId, group)).toHaveLength(1);
    expect(h.fake.state.isMember(group.groupId, who.objectId)).toBe(true);
  });

  it("removes an active membership and the principal leaves the group", async () => {
    const who = untouchedIdentities(h.org, "azz")[11]!;
    const since = lastSeq();

    const result = await h.graph.provisioning.apply({ op: "remove", kind: "active", target: group, principalId: who.objectId, justification: "done" }, ctx());

    expect(result.outcome).toBe("applied");
    expect(h.fake.requests.writes().filter((w) => w.seq > since).map((w) => w.body)).toEqual([
      { action: "adminRemove", principalId: who.objectId, groupId: group.groupId, accessId: "member", justification: "done" },
    ]);
    expect(h.fake.state.instancesFor("groupAssignment", who.objectId, group)).toHaveLength(0);
    expect(h.fake.state.isMember(group.groupId, who.objectId)).toBe(false);
  });

  it("is idempotent: a second eligibility is already in place, a missing removal is success", async () => {
    const who = untouchedIdentities(h.org, "azz")[12]!;
    const grant = { op: "grant" as const, kind: "eligible" as const, target: group, principalId: who.objectId, startAt: NOW.toISOString(), endAt: iso(NOW.getTime() + 24 * HOUR), justification: "x" };

    expect((await h.graph.provisioning.apply(grant, ctx())).outcome).toBe("applied");
    expect((await h.graph.provisioning.apply(grant, ctx())).outcome).toBe("alreadyInPlace");
    expect(h.fake.state.instancesFor("groupEligibility", who.objectId, group)).toHaveLength(1);

    const remove = { op: "remove" as const, kind: "eligible" as const, target: group, principalId: who.objectId, justification: "x" };
    expect((await h.graph.provisioning.apply(remove, ctx())).outcome).toBe("applied");
    expect((await h.graph.provisioning.apply(remove, ctx())).outcome).toBe("alreadyInPlace");
  });
});
