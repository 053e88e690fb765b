import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ctx, NOW, startHarness, type Harness } from "./support/harness.js";
import { entitlement, roleTarget, untouchedIdentities } from "./support/org-picks.js";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ROLES = "^/roleManagement/";

describe("retries against a throttled or failing Graph", () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness({
      requestTimeoutMs: 300,
      adapter: { retry: { maxRetries: 3, initialDelayMs: 400, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 } },
    });
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.fake.faults.clear();
    h.sleeps.length = 0;
  });
  const lastSeq = () => h.fake.requests.all().at(-1)?.seq ?? 0;
  /** A fresh grant each time, so earlier tests' state never interferes. */
  const freshGrant = () => ({
    op: "grant" as const,
    kind: "eligible" as const,
    target: roleTarget(entitlement(h.org, "Security Operator")),
    principalId: untouchedIdentities(h.org, "azz")[20 + n++]!.objectId,
    startAt: NOW.toISOString(),
    endAt: iso(NOW.getTime() + 7 * DAY),
    justification: "rota",
  });

  it("waits the Retry-After seconds of a 429, retries, and audits both attempts", async () => {
    h.fake.faults.add({ path: ROLES, nth: 1, effect: { kind: "error", status: 429, retryAfter: "7" } });
    const change = freshGrant();
    const since = lastSeq();

    const result = await h.graph.provisioning.apply(change, ctx({ correlationId: "corr-429" }));

    expect(result.outcome).toBe("applied");
    expect(h.sleeps).toEqual([7_000]);
    expect(h.fake.requests.all().filter((r) => r.seq > since).map((r) => r.status)).toEqual([429, 201]);
    const audited = h.graphCalls().filter((c) => c.correlationId === "corr-429");
    expect(audited.map((c) => [c.details?.status, c.details?.attempt])).toEqual([
      [429, 0],
      [201, 1],
    ]);
    expect(audited[0]!.details).toMatchObject({ method: "POST", path: "/roleManagement/directory/roleEligibilityScheduleRequests", graphCode: "TooManyRequests" });
    expect(audited.map((c) => c.details?.graphRequestId)).toEqual(h.fake.requests.all().filter((r) => r.seq > since).map((r) => r.requestId));
  });

  it("honours a Retry-After given as an HTTP date, measured on the injected clock", async () => {
    h.fake.faults.add({ path: ROLES, nth: 1, effect: { kind: "error", status: 503, retryAfterDateInMs: 3_000 } });
    expect((await h.graph.provisioning.apply(freshGrant(), ctx())).outcome).toBe("applied");
    expect(h.sleeps).toEqual([3_000]);
  });

  it("backs off exponentially with jitter when no Retry-After is given", async () => {
    h.fake.faults.add({ path: ROLES, times: 3, effect: { kind: "error", status: 504 } });
    expect((await h.graph.provisioning.apply(freshGrant(), ctx())).outcome).toBe("applied");
    expect(h.sleeps).toHaveLength(3);
    h.sleeps.forEach((ms, i) => {
      const step = 400 * 2 ** i;
      expect(ms).toBeGreaterThanOrEqual(step / 2);
      expect(ms).toBeLessThanOrEqual(step);
    });
  });

  it("gives up after the configured retries with a retryable error; the SDK adds no retries of its own", async () => {
    h.fake.faults.add({ path: ROLES, effect: { kind: "error", status: 503, retryAfter: "0" } });
    const since = lastSeq();
    await expect(h.graph.provisioning.apply(freshGrant(), ctx())).rejects.toMatchObject({
      code: "GRAPH_ERROR",
      retryable: true,
      details: { graphCode: "ServiceUnavailable", httpStatus: 503 },
    });
    expect(h.fake.requests.all().filter((r) => r.seq > since)).toHaveLength(4);
  });

  it("hands a Retry-After longer than the cap back to the caller instead of waiting it out", async () => {
    h.fake.faults.add({ path: ROLES, nth: 1, effect: { kind: "error", status: 429, retryAfter: "600" } });
    const since = lastSeq();
    await expect(h.graph.provisioning.apply(freshGrant(), ctx())).rejects.toMatchObject({
      code: "GRAPH_ERROR",
      retryable: true,
      details: { httpStatus: 429, retryAfterMs: 600_000 },
    });
    expect(h.sleeps).toEqual([]);
    expect(h.fake.requests.all().filter((r) => r.seq > since)).toHaveLength(1);
  });

  it("retries a dropped connection", async () => {
    h.fake.faults.add({ path: ROLES, nth: 1, effect: { kind: "reset" } });
    const c = ctx({ correlationId: "corr-reset" });
    expect((await h.graph.provisioning.apply(freshGrant(), c)).outcome).toBe("applied");
    const audited = h.graphCalls().filter((r) => r.correlationId === "corr-reset");
    expect(audited[0]!.details).toMatchObject({ status: null, attempt: 0 });
    expect(audited[0]!.details?.networkError).toBeTruthy();
    expect(audited[1]!.details).toMatchObject({ status: 201, attempt: 1 });
  });

  it("abandons a request that hangs after the timeout and retries it", async () => {
    h.fake.faults.add({ path: ROLES, nth: 1, effect: { kind: "hang", ms: 5_000 } });
    const c = ctx({ correlationId: "corr-hang" });
    expect((await h.graph.provisioning.apply(freshGrant(), c)).outcome).toBe("applied");
    const audited = h.graphCalls().filter((r) => r.correlationId === "corr-hang");
    expect(String(audited[0]!.details?.networkError)).toMatch(/no answer within 300 ms/);
  });

  it("applies a write once even when its answer was lost: the retry meets 'exists' and reads back", async () => {
    h.fake.faults.add({ path: ROLES, nth: 1, applyThenFail: true, effect: { kind: "error", status: 503, retryAfter: "0" } });
    const change = freshGrant();
    const result = await h.graph.provisioning.apply(change, ctx());
    expect(result.outcome).toBe("alreadyInPlace");
    expect(h.fake.state.instancesFor("roleEligibility", change.principalId, change.target)).toHaveLength(1);
  });
});

describe("circuit breaker per endpoint family", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      adapter: {
        retry: { maxRetries: 0 },
        breaker: { kind: "consecutive", threshold: 3, halfOpenAfterMs: 600_000 },
      },
    });
  });
  afterAll(() => h.close());

  it("opens after repeated 503s, then fails fast without calling Graph, while other families still work", async () => {
    h.fake.faults.add({ path: ROLES, effect: { kind: "error", status: 503 } });
    const role = roleTarget(entitlement(h.org, "Global Reader"));
    const people = untouchedIdentities(h.org, "azz");
    const grant = (i: number) => ({ op: "grant" as const, kind: "eligible" as const, target: role, principalId: people[i]!.objectId, startAt: NOW.toISOString(), endAt: iso(NOW.getTime() + DAY), justification: "x" });

    for (let i = 0; i < 3; i++) {
      await expect(h.graph.provisioning.apply(grant(i), ctx())).rejects.toMatchObject({ code: "GRAPH_ERROR", retryable: true, details: { httpStatus: 503 } });
    }
    const before = h.fake.requests.all().length;
    await expect(h.graph.provisioning.apply(grant(3), ctx())).rejects.toMatchObject({
      code: "GRAPH_UNAVAILABLE",
      retryable: true,
      details: { family: "roleManagement", circuitOpen: true },
    });
    await expect(h.graph.directory.lastActivation(people[0]!.objectId, role)).rejects.toMatchObject({ code: "GRAPH_UNAVAILABLE" });
    expect(h.fake.requests.all()).toHaveLength(before);

    const reader = entitlement(h.org, "AZZ-RBAC-SEC-PROD-Reader");
    const member = await h.graph.provisioning.apply(
      { op: "grant", kind: "active", target: reader.target, principalId: untouchedIdentities(h.org, "staff")[0]!.objectId, startAt: NOW.toISOString(), endAt: iso(NOW.getTime() + DAY), justification: "x" },
      ctx(),
    );
    expect(member.outcome).toBe("applied");
  });
});
