import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ProvisioningChange } from "../../../src/core/ports/provisioning.js";
import { ctx, NOW, startHarness, type Harness } from "./support/harness.js";
import { entitlement, untouchedIdentities } from "./support/org-picks.js";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("applyMany in JSON batches", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.fake.faults.clear();
    h.sleeps.length = 0;
  });
  const lastSeq = () => h.fake.requests.all().at(-1)?.seq ?? 0;
  const grants = (code: string, from: number, count: number): ProvisioningChange[] => {
    const e = entitlement(h.org, code);
    return untouchedIdentities(h.org, "azz")
      .slice(from, from + count)
      .map((who) => ({ op: "grant", kind: "active", target: e.target, principalId: who.objectId, startAt: NOW.toISOString(), endAt: iso(NOW.getTime() + DAY), justification: "bulk" }));
  };

  it("sends 45 changes as three $batch requests of at most 20 and applies each", async () => {
    const changes = [...grants("Global Reader", 0, 15), ...grants("AZZ-RBAC-LEN-PROD-Contributor", 15, 15), ...grants("AZZ-RBAC-LEN-PROD-Reader", 30, 15)];
    const since = lastSeq();

    const results = await h.graph.provisioning.applyMany(changes.map((change) => ({ change, ctx: ctx() })));

    expect(results.map((r) => (r instanceof Error ? r.message : r.outcome))).toEqual(changes.map(() => "applied"));
    const http = h.fake.requests.httpRequests().filter((r) => r.seq > since);
    expect(http.map((r) => [r.method, r.path])).toEqual([
      ["POST", "/$batch"],
      ["POST", "/$batch"],
      ["POST", "/$batch"],
    ]);
    expect(http.map((r) => (r.body as { requests: unknown[] }).requests.length).sort()).toEqual([20, 20, 5]);
    const first = (http[0]!.body as { requests: Array<Record<string, unknown>> }).requests[0];
    expect(first).toEqual({
      id: "1",
      method: "POST",
      url: "/roleManagement/directory/roleAssignmentScheduleRequests",
      headers: { "Content-Type": "application/json" },
      body: expect.objectContaining({ action: "adminAssign", principalId: (changes[0] as { principalId: string }).principalId }),
    });
    for (const c of changes) {
      if (c.op !== "grant") continue;
      if (c.target.mechanism === "group") expect(h.fake.state.isMember(c.target.groupId, c.principalId)).toBe(true);
      else expect(h.fake.state.instancesFor(c.target.mechanism === "entraRole" ? "roleAssignment" : "groupAssignment", c.principalId, c.target)).toHaveLength(1);
    }
  });

  it("retries a throttled item on its own after that item's Retry-After", async () => {
    h.fake.faults.add({ scope: "item", nth: 2, effect: { kind: "error", status: 429, retryAfter: "2" } });
    const changes = grants("Security Reader", 50, 3);
    const since = lastSeq();

    const results = await h.graph.provisioning.applyMany(changes.map((change) => ({ change, ctx: ctx({ correlationId: `corr-item-${(change as { principalId: string }).principalId}` }) })));

    expect(results.every((r) => !(r instanceof Error) && r.outcome === "applied")).toBe(true);
    expect(h.sleeps).toEqual([2_000]);
    const http = h.fake.requests.httpRequests().filter((r) => r.seq > since);
    expect(http.map((r) => r.path)).toEqual(["/$batch", "/roleManagement/directory/roleAssignmentScheduleRequests"]);
    const second = changes[1] as { principalId: string };
    const audited = h.graphCalls().filter((c) => c.correlationId === `corr-item-${second.principalId}`);
    expect(audited.map((c) => [c.details?.status, c.details?.attempt, Boolean(c.details?.batchRequestId)])).toEqual([
      [429, 0, true],
      [201, 1, false],
    ]);
  });

  it("retries the whole batch when Graph refuses the batch itself", async () => {
    h.fake.faults.add({ scope: "request", path: "^/\\$batch$", nth: 1, effect: { kind: "error", status: 503, retryAfter: "1" } });
    const changes = grants("Security Operator", 60, 4);
    const since = lastSeq();
    const results = await h.graph.provisioning.applyMany(changes.map((change) => ({ change, ctx: ctx() })));
    expect(results.every((r) => !(r instanceof Error) && r.outcome === "applied")).toBe(true);
    expect(h.fake.requests.httpRequests().filter((r) => r.seq > since).map((r) => [r.path, r.status])).toEqual([
      ["/$batch", 503],
      ["/$batch", 200],
    ]);
    expect(h.sleeps).toEqual([1_000]);
  });

  it("keeps invalid changes out of the batch and reports them in place", async () => {
    const good = grants("Reports Reader", 70, 2);
    const bad: ProvisioningChange = { ...(good[0] as Extract<ProvisioningChange, { op: "grant" }>), principalId: "nobody" };
    const since = lastSeq();

    const results = await h.graph.provisioning.applyMany([good[0]!, bad, good[1]!].map((change) => ({ change, ctx: ctx() })));

    expect(results[0]).toMatchObject({ outcome: "applied" });
    expect(results[1]).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(results[2]).toMatchObject({ outcome: "applied" });
    const [batch] = h.fake.requests.httpRequests().filter((r) => r.seq > since);
    expect((batch!.body as { requests: unknown[] }).requests).toHaveLength(2);
  });

  it("judges batch items like single calls: existing grants are read back as already in place", async () => {
    const changes = grants("Global Reader", 0, 2); // granted by the first test
    const results = await h.graph.provisioning.applyMany(changes.map((change) => ({ change, ctx: ctx() })));
    expect(results.map((r) => (r instanceof Error ? r.message : r.outcome))).toEqual(["alreadyInPlace", "alreadyInPlace"]);
  });
});
