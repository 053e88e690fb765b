import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ProvisioningError } from "../../../src/core/errors.js";
import { ctx, NOW, startHarness, type Harness } from "./support/harness.js";
import { entitlement, roleTarget, untouchedIdentities } from "./support/org-picks.js";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("changes Graph must not or cannot make", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => h.fake.faults.clear());
  const lastSeq = () => h.fake.requests.all().at(-1)?.seq ?? 0;
  const grant = (principalId: string, over: Record<string, unknown> = {}) => ({
    op: "grant" as const,
    kind: "eligible" as const,
    target: roleTarget(entitlement(h.org, "Global Reader")),
    principalId,
    startAt: NOW.toISOString(),
    endAt: iso(NOW.getTime() + 30 * DAY),
    justification: "audit preparation",
    ...over,
  });

  it("refuses an unknown principal with a typed error and sends nothing to Graph", async () => {
    const since = lastSeq();
    const err = await h.graph.provisioning.apply(grant("0b6f3c4e-1111-4a2b-9c3d-5e6f7a8b9c0d"), ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisioningError);
    expect(err).toMatchObject({ code: "PROVISIONING_TARGET_UNKNOWN", retryable: false, details: { field: "principalId" } });
    expect(h.fake.requests.all().filter((r) => r.seq > since)).toHaveLength(0);
  });

  it("refuses an entitlement outside the catalogue with a typed error and sends nothing to Graph", async () => {
    const who = untouchedIdentities(h.org, "azz")[0]!;
    const since = lastSeq();
    const target = { mechanism: "entraRole" as const, roleDefinitionId: "11111111-2222-4333-8444-555555555555", directoryScopeId: "/" };
    await expect(h.graph.provisioning.apply(grant(who.objectId, { target }), ctx())).rejects.toMatchObject({
      code: "PROVISIONING_TARGET_UNKNOWN",
      retryable: false,
      details: { field: "target" },
    });
    expect(h.fake.requests.all().filter((r) => r.seq > since)).toHaveLength(0);
  });

  it("refuses malformed ids and dates as validation errors naming the fields", async () => {
    const since = lastSeq();
    await expect(h.graph.provisioning.apply(grant("jane.smith", { endAt: "tomorrow" }), ctx())).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      issues: expect.arrayContaining([
        expect.objectContaining({ field: "principalId" }),
        expect.objectContaining({ field: "endAt" }),
      ]),
    });
    expect(h.fake.requests.all().filter((r) => r.seq > since)).toHaveLength(0);
  });

  it("maps a Graph refusal to GRAPH_ERROR with the Graph code, status and request-id", async () => {
    const who = untouchedIdentities(h.org, "azz")[1]!;
    h.fake.faults.add({ path: "^/roleManagement/", nth: 1, effect: { kind: "error", status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." } });

    const err = (await h.graph.provisioning.apply(grant(who.objectId), ctx()).catch((e: unknown) => e)) as ProvisioningError;

    const answered = h.fake.requests.all().at(-1)!;
    expect(err).toBeInstanceOf(ProvisioningError);
    expect(err.code).toBe("GRAPH_ERROR");
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({ graphCode: "Authorization_RequestDenied", httpStatus: 403, requestId: answered.requestId });
    expect(h.fake.state.instancesFor("roleEligibility", who.objectId, roleTarget(entitlement(h.org, "Global Reader")))).toHaveLength(0);
  });

  it("treats a PIM policy refusal as permanent", async () => {
    const who = untouchedIdentities(h.org, "azz")[2]!;
    const since = lastSeq();
    await expect(h.graph.provisioning.apply(grant(who.objectId, { endAt: iso(NOW.getTime() + 800 * DAY) }), ctx())).rejects.toMatchObject({
      code: "GRAPH_ERROR",
      retryable: false,
      details: { graphCode: "RoleAssignmentRequestPolicyValidationFailed", httpStatus: 400 },
    });
    expect(h.fake.requests.all().filter((r) => r.seq > since)).toHaveLength(1);
  });

  it("records every call in the audit log without ever writing the token", async () => {
    const calls = h.graphCalls();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.details && "method" in c.details && "path" in c.details && "status" in c.details && "attempt" in c.details)).toBe(true);
    expect(JSON.stringify(h.audit.records)).not.toContain(h.fake.token);
  });
});
