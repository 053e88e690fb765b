import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTenant, type FakeTenant } from "../../../src/adapters/graph/fake/index.js";
import { demoOrg, NOW } from "./support/harness.js";
import { entitlement, untouchedIdentities } from "./support/org-picks.js";

/** The fake itself, spoken to with plain fetch: what any Graph client would see. Its answers are schema-checked. */
describe("fake Entra tenant", () => {
  let t: FakeTenant;
  const org = demoOrg();
  beforeAll(async () => {
    t = await startFakeTenant({ port: 0, org, now: () => NOW, validateResponses: true });
  });
  afterAll(() => t.close());

  const call = async (method: string, path: string, body?: unknown, token: string | null = t.token) => {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}), "client-request-id": "c0ffee00-0000-4000-8000-000000000001" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };

  it("refuses a missing or wrong token with 401 InvalidAuthenticationToken in Graph's envelope", async () => {
    const none = await call("GET", "/groups", undefined, null);
    const wrong = await call("GET", "/groups", undefined, "stolen");
    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect(none.body).toEqual({
      error: {
        code: "InvalidAuthenticationToken",
        message: "Access token is empty.",
        innerError: { date: "2026-03-02T09:00:00", "request-id": none.headers.get("request-id"), "client-request-id": "c0ffee00-0000-4000-8000-000000000001" },
      },
    });
  });

  it("rejects a misspelt property with 400 Request_BadRequest naming it, and changes nothing", async () => {
    const who = untouchedIdentities(org, "azz")[0]!;
    const role = entitlement(org, "Global Reader");
    const before = t.state.snapshot();
    const r = await call("POST", "/roleManagement/directory/roleAssignmentScheduleRequests", {
      action: "adminAssign",
      principleId: who.objectId,
      roleDefinitionId: role.graphObjectId,
      directoryScopeId: "/",
      justification: "x",
      scheduleInfo: { expiration: { type: "afterDuration", duration: "PT4H" } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("Request_BadRequest");
    expect(r.body.error.message).toContain('unknown property "principleId"');
    expect(t.state.snapshot()).toEqual(before);
  });

  it("accepts afterDuration expirations and lists the instance with a filter", async () => {
    const who = untouchedIdentities(org, "azz")[1]!;
    const role = entitlement(org, "Global Reader");
    const created = await call("POST", "/roleManagement/directory/roleAssignmentScheduleRequests", {
      action: "adminAssign",
      principalId: who.objectId,
      roleDefinitionId: role.graphObjectId,
      directoryScopeId: "/",
      justification: "INC-1",
      scheduleInfo: { startDateTime: NOW.toISOString(), expiration: { type: "afterDuration", duration: "PT4H" } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "Provisioned", action: "adminAssign", principalId: who.objectId });
    const listed = await call("GET", `/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${who.objectId}'`);
    expect(listed.body.value).toEqual([expect.objectContaining({ principalId: who.objectId, endDateTime: "2026-03-02T13:00:00.000Z", assignmentType: "Assigned" })]);
  });

  it("validates $batch envelopes: at most 20 requests, unique ids, known dependsOn", async () => {
    const get = (id: string) => ({ id, method: "GET", url: "/groups?$top=1" });
    const tooMany = await call("POST", "/$batch", { requests: Array.from({ length: 21 }, (_, i) => get(String(i))) });
    const dup = await call("POST", "/$batch", { requests: [get("a"), get("A")] });
    const dangling = await call("POST", "/$batch", { requests: [{ ...get("a"), dependsOn: ["zz"] }] });
    const noContentType = await call("POST", "/$batch", { requests: [{ id: "1", method: "POST", url: "/invitations", body: {} }] });
    expect([tooMany.status, dup.status, dangling.status, noContentType.status]).toEqual([400, 400, 400, 400]);
    expect(dup.body.error.message).toMatch(/duplicate request id/);
    expect(dangling.body.error.message).toMatch(/unknown request 'zz'/);
  });

  it("runs batch items through the same checks, and fails dependants of a failed item with 424", async () => {
    const r = await call("POST", "/$batch", {
      requests: [
        { id: "1", method: "POST", url: "/invitations", headers: { "Content-Type": "application/json" }, body: { invitedUserEmailAdress: "x@y.com" } },
        { id: "2", method: "GET", url: "/groups?$top=1", dependsOn: ["1"] },
        { id: "3", method: "GET", url: "users?$top=1&$select=id" },
      ],
    });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries((r.body.responses as Array<{ id: string; status: number; body: { error?: { message: string } } }>).map((x) => [x.id, x]));
    expect(byId["1"]!.status).toBe(400);
    expect(byId["1"]!.body.error!.message).toContain('unknown property "invitedUserEmailAdress"');
    expect(byId["2"]!.status).toBe(424);
    expect(byId["3"]!.status).toBe(200);
  });

  it("pages with @odata.nextLink and answers $select with only what was asked", async () => {
    const first = await call("GET", "/groups?$filter=startswith(displayName,'AZZ-RBAC-')&$select=id,displayName&$top=5");
    expect(first.body.value).toHaveLength(5);
    expect(Object.keys(first.body.value[0]).sort()).toEqual(["displayName", "id"]);
    const next = first.body["@odata.nextLink"] as string;
    expect(next.startsWith(`${t.url}/groups?`)).toBe(true);
    const second = await call("GET", next.slice(t.url.length));
    expect(second.body.value[0].id).not.toBe(first.body.value[0].id);
  });

  it("serves users, managers, members and role definitions in Graph's shapes", async () => {
    const jane = org.identities.find((i) => i.humanId === org.personas.requester && i.type === "staff")!;
    const reader = entitlement(org, "AZZ-RBAC-PAY-PROD-Reader");
    const answers = await Promise.all([
      call("GET", `/users/${jane.objectId}?$select=id,displayName,userType,signInActivity`),
      call("GET", `/users/${jane.objectId}/manager`),
      call("GET", `/groups/${reader.graphObjectId}/members?$select=id`),
      call("GET", "/roleManagement/directory/roleDefinitions?$select=id,displayName,isEnabled"),
      call("GET", `/roleManagement/directory/roleEligibilityScheduleInstances`),
      call("GET", `/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances`),
      call("GET", `/identityGovernance/privilegedAccess/group/assignmentScheduleRequests?$filter=action eq 'selfActivate'`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(answers[0]!.body).toMatchObject({ userType: "Member", signInActivity: { lastSignInDateTime: org.lastSignIn[jane.objectId] } });
    expect(answers[1]!.body["@odata.type"]).toBe("#microsoft.graph.user");
  });

  it("is controlled over HTTP: faults, the request log and the state", async () => {
    const add = await fetch(`${t.origin}/_fake/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ method: "GET", path: "^/groups$", nth: 1, effect: { kind: "error", status: 429, retryAfter: "3" } }),
    });
    expect(add.status).toBe(201);
    const throttled = await call("GET", "/groups");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(throttled.body.error.code).toBe("TooManyRequests");
    expect((await call("GET", "/groups")).status).toBe(200);

    const log = (await (await fetch(`${t.origin}/_fake/requests`)).json()) as { requests: Array<{ path: string; status: number }> };
    expect(log.requests.slice(-2).map((r) => [r.path, r.status])).toEqual([
      ["/groups", 429],
      ["/groups", 200],
    ]);
    const state = (await (await fetch(`${t.origin}/_fake/state`)).json()) as { users: number; groups: unknown[] };
    expect(state.users).toBe(org.identities.length);
    const bad = await fetch(`${t.origin}/_fake/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ effect: { kind: "explode" } }) });
    expect(bad.status).toBe(400);
    expect((await fetch(`${t.origin}/_fake/faults`, { method: "DELETE" })).status).toBe(204);
  });

  it("adds latency without changing the answer, and lets later rules still fire", async () => {
    const slow = t.faults.add({ path: "^/users/", nth: 1, effect: { kind: "latency", ms: 30 } });
    const fail = t.faults.add({ path: "^/users/", nth: 1, effect: { kind: "error", status: 504 } });
    const jane = org.identities.find((i) => i.humanId === org.personas.requester && i.type === "staff")!;
    expect((await call("GET", `/users/${jane.objectId}`)).status).toBe(504);
    expect((await call("GET", `/users/${jane.objectId}`)).status).toBe(200);
    expect(t.faults.list().filter((f) => f.id === slow || f.id === fail).map((f) => f.fired)).toEqual([1, 1]);
    t.faults.clear();
  });

  it("draws fractional faults from its seed: the same calls meet the same faults", async () => {
    const run = async () => {
      const f = await startFakeTenant({ port: 0, org, now: () => NOW, seed: 99 });
      f.faults.add({ fraction: 0.5, effect: { kind: "error", status: [429, 503] } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await fetch(`${f.url}/groups?$top=1`, { headers: { Authorization: `Bearer ${f.token}` } })).status);
      await f.close();
      return statuses;
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(1);
  });
});
