import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FakeTenant } from "../../../src/adapters/graph/fake/index.js";
import type { GraphAdapter } from "../../../src/adapters/graph/index.js";
import { ErrorCodes, type PimError } from "../../../src/core/errors.js";
import { silentLogger } from "../../../src/core/ports/logger.js";
import { approveRequest } from "../../../src/core/usecases/approve-request.js";
import { deliverNotice } from "../../../src/core/usecases/deliver-notice.js";
import { escalateRequests } from "../../../src/core/usecases/escalate-requests.js";
import { executeProvisioning, type ProvisioningDeps } from "../../../src/core/usecases/execute-provisioning.js";
import { expireDueGrants } from "../../../src/core/usecases/expire-grants.js";
import { extendGrant } from "../../../src/core/usecases/extend-grant.js";
import { notifyExpiring } from "../../../src/core/usecases/notify-expiring.js";
import { remindApprovers } from "../../../src/core/usecases/remind-approvers.js";
import { requestEmergency } from "../../../src/core/usecases/request-emergency.js";
import { decideReview } from "../../../src/core/usecases/decide-review.js";
import { revokeGrant } from "../../../src/core/usecases/revoke-grant.js";
import { humanActor } from "../../../src/core/usecases/shared/actor.js";
import { submitRequest } from "../../../src/core/usecases/submit-request.js";
import { timeoutRequests } from "../../../src/core/usecases/timeout-requests.js";
import { OutboxWorker } from "../../../src/jobs/outbox-worker.js";
import { FanOutNotifier } from "../../../src/runtime/fanout-notifier.js";
import { coreHarness, type CoreHarness } from "../../support/core-harness.js";
import { graphWorld } from "../../support/graph-world.js";
import { FakeClock } from "../../support/fake-clock.js";
import { buildDemoOrg } from "../../../src/demo/org.js";

async function fails(p: Promise<unknown>): Promise<PimError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!e) throw new Error("expected the call to fail");
  return e as PimError;
}

describe("grant life cycle against the fake tenant", () => {
  const clock = new FakeClock();
  const org = buildDemoOrg({ now: clock.now(), staffCount: 120, guestCount: 10 });
  let tenant: FakeTenant;
  let graph: GraphAdapter;
  let h: CoreHarness;
  let deps: ProvisioningDeps;
  let worker: OutboxWorker;
  beforeAll(async () => {
    const boot = await coreHarness();
    ({ tenant, graph } = await graphWorld({ org, clock, audit: boot.audit, ids: boot.deps.ids }));
  });
  afterAll(async () => tenant.close());
  beforeEach(async () => {
    tenant.state.instances.clear();
    tenant.faults.clear();
    h = await coreHarness();
    h.clock.set(clock.now());
    deps = { ...h.deps, clock, provisioning: graph.provisioning };
    const notifier = new FanOutNotifier([], silentLogger);
    worker = new OutboxWorker({ store: h.store, clock, logger: silentLogger, random: () => 0.5, handlers: { provision: (p, a) => executeProvisioning(deps, p, a), notify: (p, a) => deliverNotice({ ...deps, notifier }, p, a) } });
  });

  const azzOf = (humanId: string) => org.identities.find((i) => i.humanId === humanId && i.type === "azz")!;
  const role = (code: string) => org.entitlements.find((e) => e.code === code)!;
  const roleInstances = (humanId: string, code: string) => tenant.state.instancesFor("roleAssignment", azzOf(humanId).objectId, { roleDefinitionId: role(code).graphObjectId, directoryScopeId: "/" });

  /** Jane's Security Administrator request, approved by both stages and run through the outbox. */
  async function approvedSecurityAdmin(minutes = 60) {
    const r = await submitRequest(deps, { requesterHumanId: "hum_12345", entitlement: "Security Administrator", grantKind: "active", durationMinutes: minutes, justification: "Investigate risky sign-ins for INC-55012", ticket: "INC-55012", source: "api" });
    await approveRequest(deps, { requestId: r.request.id, actorHumanId: "hum_10004" });
    await approveRequest(deps, { requestId: r.request.id, actorHumanId: "hum_10002" });
    await worker.drain();
    return (await h.store.get("requests", r.request.id))!;
  }
  const activeSecurityAdmin = approvedSecurityAdmin;

  it("grants through Graph, then expires and removes at the end of the window", async () => {
    const r = await activeSecurityAdmin(60);
    expect(r.state).toBe("active");
    expect(r.provisioning.graphRequestIds.length).toBeGreaterThan(0);
    expect(roleInstances("hum_12345", "Security Administrator")).toHaveLength(1);
    expect((await h.store.get("grants", `gr_${r.id}`))?.state).toBe("active");

    clock.advanceMinutes(59);
    expect((await expireDueGrants(deps)).expired).toEqual([]);
    clock.advanceMinutes(2);
    expect((await expireDueGrants(deps)).expired).toEqual([r.id]);
    await worker.drain();
    expect((await h.store.get("requests", r.id))?.state).toBe("expired");
    expect(roleInstances("hum_12345", "Security Administrator")).toHaveLength(0);
    expect(h.audit.records.map((a) => a.action)).toEqual(expect.arrayContaining(["EntitlementAdd", "Expire", "EntitlementRemove"]));
  });

  it("offers Extend shortly before the end, extends within the policy limit and refuses beyond it", async () => {
    const r = await activeSecurityAdmin(240);
    clock.advanceMinutes(200);
    expect((await notifyExpiring(deps)).notified).toEqual([]);
    clock.advanceMinutes(15);
    expect((await notifyExpiring(deps)).notified).toEqual([r.id]);
    expect((await notifyExpiring(deps)).notified).toEqual([]);
    const ok = await extendGrant(deps, { requestId: r.id, actorHumanId: "hum_12345", minutes: 120 });
    expect(ok.message).toContain("Extending");
    await worker.drain();
    const extended = (await h.store.get("requests", r.id))!;
    expect(Date.parse(extended.endAt!) - Date.parse(r.endAt!)).toBe(120 * 60_000);
    const tooLong = await fails(extendGrant(deps, { requestId: r.id, actorHumanId: "hum_12345", minutes: 240 }));
    expect(tooLong.code).toBe(ErrorCodes.EXTENSION_NOT_ALLOWED);
    expect(tooLong.message).toMatch(/allows 8 h, so you can extend by at most 2 h/);
    expect((await fails(extendGrant(deps, { requestId: r.id, actorHumanId: "hum_10004", minutes: 30 }))).code).toBe(ErrorCodes.NOT_ALLOWED);
  });

  it("lets the holder release and a security owner revoke, but not a bystander", async () => {
    const r = await activeSecurityAdmin();
    expect((await fails(revokeGrant(deps, humanActor("hum_12347"), { requestId: r.id, reason: "I do not like it" }))).code).toBe(ErrorCodes.NOT_ALLOWED);
    const res = await revokeGrant(deps, humanActor("hum_10001"), { requestId: r.id, reason: "Suspicious activity on the account" });
    expect(res.outcome).toBe("revoked");
    await worker.drain();
    expect(roleInstances("hum_12345", "Security Administrator")).toHaveLength(0);
    const again = await revokeGrant(deps, humanActor("hum_12345"), { requestId: r.id, reason: "done with it" });
    expect(again.outcome).toBe("unchanged");
  });

  it("keeps the request approved and retries while Graph is unavailable, then applies it once", async () => {
    tenant.faults.add({ path: "^/roleManagement/", effect: { kind: "error", status: 503 }, times: 12 });
    const r = { request: await approvedSecurityAdmin(60) };
    const waiting = (await h.store.get("requests", r.request.id))!;
    expect(waiting.state).toBe("provisioning");
    expect(waiting.provisioning.lastError?.message).toBeTruthy();
    const headlines = (await h.jobs("notify")).flatMap((j) => (j.payload as { notices: { headline: string }[] }).notices.map((n) => n.headline));
    expect(headlines.some((t) => /Approved, applying… Microsoft Entra is not answering/.test(t))).toBe(true);
    tenant.faults.clear();
    for (let i = 0; i < 10 && (await h.store.get("requests", r.request.id))?.state !== "active"; i++) {
      clock.advanceMinutes(6);
      await worker.drain();
    }
    expect((await h.store.get("requests", r.request.id))?.state).toBe("active");
    expect(roleInstances("hum_12345", "Security Administrator")).toHaveLength(1);
    expect(h.audit.records.filter((a) => a.action === "ProvisioningRetry").length).toBeGreaterThan(0);
  });

  it("marks the request failed with the reason when Graph refuses for good", async () => {
    tenant.faults.add({ method: "POST", path: "^/roleManagement/directory/roleAssignmentScheduleRequests", effect: { kind: "error", status: 400, code: "RoleAssignmentRequestPolicyValidationFailed", message: "The following policy rules failed: [\"ExpirationRule\"]" } });
    const r = { request: await approvedSecurityAdmin(60) };
    const failed = (await h.store.get("requests", r.request.id))!;
    expect(failed.state).toBe("failed");
    expect(failed.provisioning.lastError?.graphCode).toBe("RoleAssignmentRequestPolicyValidationFailed");
    const notices = (await h.jobs("notify")).flatMap((j) => (j.payload as { notices: { kind: string; to: { type: string } }[] }).notices);
    expect(notices).toContainEqual(expect.objectContaining({ kind: "security_alert", to: { type: "securityChannel" } }));
  });
});

describe("approval deadlines", () => {
  it("reminds, escalates to the next level, then times out", async () => {
    const h = await coreHarness();
    const r = await submitRequest(h.deps, { requesterHumanId: "hum_12345", entitlement: "Security Administrator", justification: "Investigate risky sign-ins for INC-55012", ticket: "INC-55012", source: "teams" });
    h.clock.advanceMinutes(7 * 60);
    expect((await remindApprovers(h.deps)).reminded).toEqual([]);
    h.clock.advanceMinutes(61);
    expect((await remindApprovers(h.deps)).reminded).toEqual([r.request.id]);
    expect((await remindApprovers(h.deps)).reminded).toEqual([]);
    h.clock.advanceMinutes(16 * 60);
    const esc = await escalateRequests(h.deps);
    expect(esc.escalated).toEqual([r.request.id]);
    const escalated = (await h.store.get("requests", r.request.id))!;
    expect(escalated.stages[0]!.approvers.filter((a) => a.source === "escalation").map((a) => a.humanId)).toEqual(["hum_10003", "hum_10001", "hum_10002"]);
    expect((await escalateRequests(h.deps)).escalated).toEqual([]);
    h.clock.advanceMinutes(24 * 60);
    expect((await timeoutRequests(h.deps)).timedOut).toEqual([r.request.id]);
    expect((await h.store.get("requests", r.request.id))?.state).toBe("timed_out");
    expect(h.audit.records.map((a) => a.action)).toEqual(["Request", "Remind", "Escalate", "TimedOut"]);
  });
});

describe("emergency access", () => {
  it("grants at once, tells the security channel and assigns a retrospective review to the manager", async () => {
    const h = await coreHarness();
    const res = await requestEmergency(h.deps, { requesterHumanId: "hum_12348", entitlement: "Exchange Administrator", incident: "INC-40123", minutes: 90, justification: "Mail flow is down for all users", source: "teams" });
    expect(res.request.state).toBe("approved");
    expect(res.request.kind).toBe("emergency");
    expect(res.request.grantKind).toBe("active");
    expect(res.view.identity.userPrincipalName).toBe("azz_12348@contoso.com");
    expect(res.reviewItem.reviewerHumanId).toBe("hum_10004");
    expect((await h.jobs("provision")).map((j) => j.id)).toEqual([`prov_${res.request.id}_grant`]);
    const notices = (await h.jobs("notify")).flatMap((j) => (j.payload as { notices: { kind: string }[] }).notices.map((n) => n.kind));
    expect(notices).toEqual(expect.arrayContaining(["security_alert", "request_status", "review_assigned"]));
    expect(h.audit.records.map((a) => a.action)).toEqual(["Emergency", "ReviewAssigned"]);

    const kept = await decideReview(h.deps, { reviewItemId: res.reviewItem.id, actorHumanId: "hum_10004", decision: "keep", reason: "Incident confirmed" });
    expect(kept.view.decision).toMatch(/^Kept by Marcus Lindqvist/);
    const own = await fails(decideReview(h.deps, { reviewItemId: res.reviewItem.id, actorHumanId: "hum_12348", decision: "keep" }));
    expect(own.code).toBe(ErrorCodes.NOT_A_REVIEWER);
  });

  it.each([
    ["someone not on the break-glass list", { requesterHumanId: "hum_12347" }, ErrorCodes.EMERGENCY_NOT_ALLOWED],
    ["a missing incident", { incident: "" }, ErrorCodes.INCIDENT_REQUIRED],
    ["a malformed incident", { incident: "CHG-1234" }, ErrorCodes.TICKET_INVALID],
    ["more than 240 minutes", { minutes: 300 }, ErrorCodes.DURATION_EXCEEDS_MAX],
    ["an entitlement outside the emergency scope", { entitlement: "AZZ-RBAC-PAY-PROD-Reader" }, ErrorCodes.EMERGENCY_NOT_ALLOWED],
  ] as const)("refuses %s and writes nothing", async (_n, patch, code) => {
    const h = await coreHarness();
    const before = await h.snapshot();
    const err = await fails(requestEmergency(h.deps, { requesterHumanId: "hum_12348", entitlement: "Exchange Administrator", incident: "INC-40123", minutes: 90, source: "teams", ...patch }));
    expect(err.code).toBe(code);
    expect(await h.snapshot()).toBe(before);
  });

  it("defaults to 240 minutes", async () => {
    const h = await coreHarness();
    const res = await requestEmergency(h.deps, { requesterHumanId: "hum_12348", entitlement: "Exchange Administrator", incident: "INC-40123", source: "cli" });
    expect(res.request.durationMinutes).toBe(240);
  });
});
