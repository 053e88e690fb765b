import { afterAll, describe, expect, it } from "vitest";
import { ctx, NOW, startHarness, type Harness } from "./support/harness.js";
import { entitlement, roleTarget, untouchedIdentities } from "./support/org-picks.js";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("read-back of PIM schedule requests", () => {
  const harnesses: Harness[] = [];
  afterAll(() => Promise.all(harnesses.map((h) => h.close())));
  const start = async (visibleAfterReads: number) => {
    const h = await startHarness({ fake: { visibleAfterReads }, adapter: { readBack: { attempts: 4, intervalMs: 250 } } });
    harnesses.push(h);
    return h;
  };
  const grantFor = (h: Harness, i: number) => ({
    op: "grant" as const,
    kind: "eligible" as const,
    target: roleTarget(entitlement(h.org, "Security Reader")),
    principalId: untouchedIdentities(h.org, "azz")[30 + i]!.objectId,
    startAt: NOW.toISOString(),
    endAt: iso(NOW.getTime() + 14 * DAY),
    justification: "incident response rota",
  });

  it("trusts a request Graph reports Provisioned without reading back", async () => {
    const h = await start(0);
    const before = h.fake.requests.all().length;
    await h.graph.provisioning.apply(grantFor(h, 0), ctx());
    expect(h.fake.requests.all().slice(before).map((r) => r.method)).toEqual(["POST"]);
  });

  it("reports a pending request applied once its instance becomes visible", async () => {
    const h = await start(2);
    const change = grantFor(h, 1);
    const before = h.fake.requests.all().length;

    const result = await h.graph.provisioning.apply(change, ctx());

    expect(result.outcome).toBe("applied");
    const calls = h.fake.requests.all().slice(before);
    expect(calls.map((c) => c.method)).toEqual(["POST", "GET", "GET"]);
    expect(calls[1]!.url).toBe(
      `/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '${change.principalId}' and roleDefinitionId eq '${change.target.roleDefinitionId}' and directoryScopeId eq '/'`,
    );
    expect(result.graphRequestIds).toEqual(calls.map((c) => c.requestId));
    expect(h.sleeps).toEqual([250]);
  });

  it("fails retryably when the change is still not visible at the end of the window", async () => {
    const h = await start(100);
    const err = await h.graph.provisioning.apply(grantFor(h, 2), ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "PROVISIONING_FAILED",
      retryable: true,
      details: { reason: "not visible after 4 reads over ~750 ms", because: "pending" },
    });
    expect(h.sleeps).toEqual([250, 250, 250]);
  });
});
