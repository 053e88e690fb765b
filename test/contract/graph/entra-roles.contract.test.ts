import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ctx, NOW, startHarness, type Harness } from "./support/harness.js";
import { entitlement, roleTarget, untouchedIdentities } from "./support/org-picks.js";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("Entra roles over Graph", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const writesSince = (seq: number) => h.fake.requests.writes().filter((r) => r.seq > seq);
  const lastSeq = () => h.fake.requests.all().at(-1)?.seq ?? 0;

  it("makes a principal eligible with one adminAssign request and the instance appears", async () => {
    const role = roleTarget(entitlement(h.org, "Security Reader"));
    const who = untouchedIdentities(h.org, "azz")[0]!;
    const endAt = iso(NOW.getTime() + 90 * 24 * HOUR);
    const since = lastSeq();

    const result = await h.graph.provisioning.apply(
      { op: "grant", kind: "eligible", target: role, principalId: who.objectId, startAt: NOW.toISOString(), endAt, justification: "Quarterly security review", ticket: "CHG-1001" },
      ctx(),
    );

    expect(result.outcome).toBe("applied");
    expect(result.graphRequestIds).toHaveLength(1);
    const writes = writesSince(since);
    expect(writes.map((w) => [w.method, w.path])).toEqual([["POST", "/roleManagement/directory/roleEligibilityScheduleRequests"]]);
    expect(writes[0]!.body).toEqual({
      action: "adminAssign",
      principalId: who.objectId,
      roleDefinitionId: role.roleDefinitionId,
      directoryScopeId: "/",
      justification: "Quarterly security review",
      scheduleInfo: { startDateTime: NOW.toISOString(), expiration: { type: "afterDateTime", endDateTime: endAt } },
      ticketInfo: { ticketNumber: "CHG-1001" },
    });
    const instances = h.fake.state.instancesFor("roleEligibility", who.objectId, role);
    expect(instances).toHaveLength(1);
    expect(instances[0]!.endDateTime).toBe(endAt);
  });

  it("grants an active, time-bound assignment with an exact end", async () => {
    const role = roleTarget(entitlement(h.org, "Global Reader"));
    const who = untouchedIdentities(h.org, "azz")[1]!;
    const endAt = iso(NOW.getTime() + 4 * HOUR);
    const since = lastSeq();

    const result = await h.graph.provisioning.apply(
      { op: "grant", kind: "active", target: role, principalId: who.objectId, startAt: NOW.toISOString(), endAt, justification: "INC-4711 investigation" },
      ctx(),
    );

    expect(result.outcome).toBe("applied");
    const [write] = writesSince(since);
    expect(write).toMatchObject({ method: "POST", path: "/roleManagement/directory/roleAssignmentScheduleRequests" });
    expect(write!.body).toMatchObject({ action: "adminAssign", scheduleInfo: { expiration: { type: "afterDateTime", endDateTime: endAt } } });
    expect(write!.body).not.toHaveProperty("ticketInfo");
    const [instance] = h.fake.state.instancesFor("roleAssignment", who.objectId, role);
    expect(instance).toMatchObject({ assignmentType: "Assigned", endDateTime: endAt });
  });

  it("starts a grant whose approved start has passed at the time it is applied", async () => {
    const role = roleTarget(entitlement(h.org, "Reports Reader"));
    const who = untouchedIdentities(h.org, "azz")[2]!;
    const since = lastSeq();
    await h.graph.provisioning.apply(
      { op: "grant", kind: "active", target: role, principalId: who.objectId, startAt: iso(NOW.getTime() - 2 * HOUR), endAt: iso(NOW.getTime() + HOUR), justification: "queued overnight" },
      ctx(),
    );
    expect(writesSince(since)[0]!.body).toMatchObject({ scheduleInfo: { startDateTime: NOW.toISOString() } });
  });

  it("extends an active assignment with adminExtend to the new end", async () => {
    const role = roleTarget(entitlement(h.org, "Helpdesk Administrator"));
    const who = untouchedIdentities(h.org, "azz")[3]!;
    await h.graph.provisioning.apply(
      { op: "grant", kind: "active", target: role, principalId: who.objectId, startAt: NOW.toISOString(), endAt: iso(NOW.getTime() + HOUR), justification: "change window" },
      ctx(),
    );
    const newEnd = iso(NOW.getTime() + 3 * HOUR);
    const since = lastSeq();

    const result = await h.graph.provisioning.apply({ op: "extend", kind: "active", target: role, principalId: who.objectId, endAt: newEnd, justification: "window overran" }, ctx());

    expect(result.outcome).toBe("applied");
    const writes = writesSince(since);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body).toEqual({
      action: "adminExtend",
      principalId: who.objectId,
      roleDefinitionId: role.roleDefinitionId,
      directoryScopeId: "/",
      justification: "window overran",
      scheduleInfo: { startDateTime: NOW.toISOString(), expiration: { type: "afterDateTime", endDateTime: newEnd } },
    });
    expect(h.fake.state.instancesFor("roleAssignment", who.objectId, role).map((i) => i.endDateTime)).toEqual([newEnd]);
  });

  it("removes an eligibility with adminRemove and the instance is gone", async () => {
    const role = roleTarget(entitlement(h.org, "Security Reader"));
    const who = untouchedIdentities(h.org, "azz")[0]!;
    const since = lastSeq();

    const result = await h.graph.provisioning.apply({ op: "remove", kind: "eligible", target: role, principalId: who.objectId, justification: "review: remove" }, ctx());

    expect(result.outcome).toBe("applied");
    expect(writesSince(since).map((w) => w.body)).toEqual([
      { action: "adminRemove", principalId: who.objectId, roleDefinitionId: role.roleDefinitionId, directoryScopeId: "/", justification: "review: remove" },
    ]);
    expect(h.fake.state.instancesFor("roleEligibility", who.objectId, role)).toHaveLength(0);
  });

  it("granting twice leaves one assignment and reports the second as already in place after reading it back", async () => {
    const role = roleTarget(entitlement(h.org, "Security Operator"));
    const who = untouchedIdentities(h.org, "azz")[4]!;
    const change = { op: "grant" as const, kind: "eligible" as const, target: role, principalId: who.objectId, startAt: NOW.toISOString(), endAt: iso(NOW.getTime() + 30 * 24 * HOUR), justification: "on-call rota" };

    const first = await h.graph.provisioning.apply(change, ctx());
    const since = lastSeq();
    const second = await h.graph.provisioning.apply(change, ctx());

    expect(first.outcome).toBe("applied");
    expect(second.outcome).toBe("alreadyInPlace");
    const calls = h.fake.requests.all().filter((r) => r.seq > since);
    expect(calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ["POST", "/roleManagement/directory/roleEligibilityScheduleRequests", 400],
      ["GET", "/roleManagement/directory/roleEligibilityScheduleInstances", 200],
    ]);
    expect(second.graphRequestIds).toEqual(calls.map((c) => c.requestId));
    expect(h.fake.state.instancesFor("roleEligibility", who.objectId, role)).toHaveLength(1);
  });

  it("removing an assignment that does not exist succeeds as already in place", async () => {
    const role = roleTarget(entitlement(h.org, "Billing Administrator"));
    const who = untouchedIdentities(h.org, "azz")[5]!;

    const result = await h.graph.provisioning.apply({ op: "remove", kind: "active", target: role, principalId: who.objectId, justification: "cleanup" }, ctx());

    expect(result.outcome).toBe("alreadyInPlace");
    expect(h.fake.state.instancesFor("roleAssignment", who.objectId, role)).toHaveLength(0);
  });

  it("refuses to extend what is not there, without retrying", async () => {
    const role = roleTarget(entitlement(h.org, "Billing Administrator"));
    const who = untouchedIdentities(h.org, "azz")[5]!;
    await expect(
      h.graph.provisioning.apply({ op: "extend", kind: "active", target: role, principalId: who.objectId, endAt: iso(NOW.getTime() + HOUR), justification: "x" }, ctx()),
    ).rejects.toMatchObject({ code: "GRAPH_ERROR", retryable: false, details: { graphCode: "RoleAssignmentDoesNotExist", httpStatus: 400 } });
  });
});
