import { describe, expect, it } from "vitest";
import { ErrorCodes, type PimError } from "../../../src/core/errors.js";
import { approveRequest } from "../../../src/core/usecases/approve-request.js";
import { cancelRequest } from "../../../src/core/usecases/cancel-request.js";
import { denyRequest } from "../../../src/core/usecases/deny-request.js";
import { submitRequest } from "../../../src/core/usecases/submit-request.js";
import { coreHarness } from "../../support/core-harness.js";

const JANE_JUSTIFICATION = "Rotate the conditional access break-glass exclusions for CHG-20931";

async function fails(p: Promise<unknown>): Promise<PimError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!e) throw new Error("expected the call to fail");
  return e as PimError;
}

describe("submitting a request", () => {
  it("creates a pending request for the azz account with the manager as first approver", async () => {
    const h = await coreHarness();
    const res = await submitRequest(h.deps, { requesterHumanId: h.p.requester, entitlement: "Security Administrator", justification: JANE_JUSTIFICATION, ticket: "CHG-20931", source: "teams" });
    expect(res.request.state).toBe("pending");
    expect(res.request.identityType).toBe("azz");
    expect(res.view.identity.userPrincipalName).toBe("azz_12345@contoso.com");
    expect(res.approvers.map((a) => a.name)).toEqual(["Marcus Lindqvist"]);
    expect(res.message).toContain("waiting for Marcus Lindqvist");
    const notices = (await h.jobs("notify")).map((j) => (j.payload as { notices: { to: unknown; kind: string }[] }).notices[0]);
    expect(notices).toContainEqual(expect.objectContaining({ kind: "approval_needed", to: { type: "human", humanId: "hum_10004" } }));
    expect(notices).toContainEqual(expect.objectContaining({ kind: "request_status", to: { type: "human", humanId: h.p.requester } }));
    expect(h.audit.records.map((r) => r.action)).toEqual(["Request"]);
    expect(h.audit.records[0]).toMatchObject({ identity: "azz_12345@contoso.com", entitlement: "Security Administrator", actor: h.p.requester });
  });

  it("auto-approves a certified requester, records the reason and queues provisioning once", async () => {
    const h = await coreHarness();
    const res = await submitRequest(h.deps, { requesterHumanId: h.p.noAzzEngineer, entitlement: "AZZ-RBAC-PAY-PROD-Reader", justification: "Read production logs for the payments outage", source: "slack" });
    expect(res.request.state).toBe("approved");
    expect(res.autoApproved).toContain("production-reader certification");
    expect(res.view.outcome).toContain("Approved automatically");
    expect((await h.jobs("provision")).map((j) => j.id)).toEqual([`prov_${res.request.id}_grant`]);
    expect(h.audit.records.map((r) => [r.action, r.actor])).toEqual([["Request", h.p.noAzzEngineer], ["Approve", "system:policy"]]);
  });

  it.each([
    ["an unknown entitlement", { entitlement: "Galactic Administrator" }, ErrorCodes.UNKNOWN_ENTITLEMENT],
    ["a non-requestable entitlement", { entitlement: "Privileged Role Administrator" }, ErrorCodes.NOT_REQUESTABLE],
    ["a duration over the maximum", { entitlement: "Security Administrator", durationMinutes: 24 * 60 }, ErrorCodes.DURATION_EXCEEDS_MAX],
    ["a missing ticket", { entitlement: "Security Administrator", ticket: undefined }, ErrorCodes.TICKET_REQUIRED],
    ["a malformed ticket", { entitlement: "Security Administrator", ticket: "please" }, ErrorCodes.TICKET_INVALID],
    ["a short justification", { entitlement: "Security Administrator", justification: "need it" }, ErrorCodes.JUSTIFICATION_TOO_SHORT],
    ["a staff identity for a privileged role", { entitlement: "Security Administrator", identityType: "staff" }, ErrorCodes.IDENTITY_NOT_ALLOWED],
    ["an eligible grant of a plain group", { entitlement: "AZZ-RBAC-PAY-PROD-Reader", grantKind: "eligible", requesterHumanId: "hum_12347" }, ErrorCodes.GRANT_KIND_NOT_ALLOWED],
    ["an unknown user", { requesterHumanId: "hum_99999" }, ErrorCodes.UNKNOWN_USER],
  ] as const)("refuses %s with a typed error and writes nothing", async (_name, patch, code) => {
    const h = await coreHarness();
    const before = await h.snapshot();
    const input = { requesterHumanId: h.p.requester, entitlement: "Security Administrator", justification: JANE_JUSTIFICATION, ticket: "CHG-20931", source: "teams" as const, ...patch };
    const err = await fails(submitRequest(h.deps, input));
    expect(err.code).toBe(code);
    expect(err.message.length).toBeGreaterThan(10);
    expect(await h.snapshot()).toBe(before);
  });

  it("names the azz account to use when a privileged role is asked for the staff account", async () => {
    const h = await coreHarness();
    const err = await fails(submitRequest(h.deps, { requesterHumanId: h.p.requester, entitlement: "Global Administrator", identityType: "staff", justification: "x".repeat(40), ticket: "INC-1234", source: "teams", durationMinutes: 60 }));
    expect(err.code).toBe(ErrorCodes.IDENTITY_NOT_ALLOWED);
    expect(err.message).toContain("azz_12345@contoso.com");
  });

  it("tells someone without an azz account that they have none", async () => {
    const h = await coreHarness();
    const err = await fails(submitRequest(h.deps, { requesterHumanId: h.p.noAzzEngineer, entitlement: "Security Administrator", justification: JANE_JUSTIFICATION, ticket: "CHG-20931", source: "teams" }));
    expect(err.code).toBe(ErrorCodes.NO_AZZ_ACCOUNT);
    expect(err.message).toMatch(/you have none \(it would be azz_12346\)/);
  });

  it("reports every bad field at once so a form can show them", async () => {
    const h = await coreHarness();
    const err = await fails(submitRequest(h.deps, { requesterHumanId: h.p.requester, entitlement: "Security Administrator", justification: "short", ticket: "nope", durationMinutes: 10_000, source: "teams" }));
    expect(err.issues.map((i) => i.field).sort()).toEqual(["duration", "justification", "ticket"]);
  });

  it("rejects unexpected fields at the boundary", async () => {
    const h = await coreHarness();
    const err = await fails(submitRequest(h.deps, { requesterHumanId: h.p.requester, entitlement: "Global Reader", justification: JANE_JUSTIFICATION, source: "teams", approvedBy: "me" } as never));
    expect(err.code).toBe(ErrorCodes.VALIDATION_FAILED);
    expect(err.issues[0]?.message).toContain("approvedBy");
  });

  it("refuses a second open request for the same entitlement and account", async () => {
    const h = await coreHarness();
    const input = { requesterHumanId: h.p.requester, entitlement: "Security Administrator", justification: JANE_JUSTIFICATION, ticket: "CHG-20931", source: "teams" as const };
    const first = await submitRequest(h.deps, input);
    const err = await fails(submitRequest(h.deps, input));
    expect(err.code).toBe(ErrorCodes.DUPLICATE_REQUEST);
    expect(err.details.existingRequestId).toBe(first.request.id);
  });

  it("previews approvers on a dry run without writing", async () => {
    const h = await coreHarness();
    const before = await h.snapshot();
    const res = await submitRequest(h.deps, { requesterHumanId: h.p.requester, entitlement: "Security Administrator", justification: JANE_JUSTIFICATION, ticket: "CHG-20931", source: "cli", dryRun: true });
    expect(res.dryRun).toBe(true);
    expect(res.approvers[0]?.name).toBe("Marcus Lindqvist");
    expect(await h.snapshot()).toBe(before);
  });
});

describe("deciding a request", () => {
  async function pendingSecurityAdmin() {
    const h = await coreHarness();
    const res = await submitRequest(h.deps, { requesterHumanId: h.p.requester, entitlement: "Security Administrator", justification: JANE_JUSTIFICATION, ticket: "CHG-20931", source: "teams" });
    return { h, id: res.request.id };
  }

  it("walks through both stages and queues provisioning exactly once", async () => {
    const { h, id } = await pendingSecurityAdmin();
    const s1 = await approveRequest(h.deps, { requestId: id, actorHumanId: "hum_10004" });
    expect(s1.outcome).toBe("stage_approved");
    expect(s1.message).toContain("Daniel Okafor or Amelia Hart");
    expect(s1.request.currentStage).toBe(1);
    const s2 = await approveRequest(h.deps, { requestId: id, actorHumanId: "hum_10001" });
    expect(s2.outcome).toBe("approved");
    expect(s2.request.state).toBe("approved");
    expect(s2.view.outcome).toMatch(/^Approved by Amelia Hart/);
    expect((await h.jobs("provision")).map((j) => j.id)).toEqual([`prov_${id}_grant`]);
    expect(h.audit.records.map((r) => r.action)).toEqual(["Request", "Approve", "Approve"]);
  });

  it("refuses self-approval, audits the attempt and changes nothing", async () => {
    const { h, id } = await pendingSecurityAdmin();
    const before = await h.snapshot();
    const err = await fails(approveRequest(h.deps, { requestId: id, actorHumanId: h.p.requester }));
    expect(err.code).toBe(ErrorCodes.SELF_APPROVAL_FORBIDDEN);
    expect(h.audit.records.at(-1)).toMatchObject({ action: "ApprovalRefused", actor: h.p.requester, result: "refused" });
    const after = JSON.parse(await h.snapshot());
    expect(after[0]).toEqual(JSON.parse(before)[0]);
  });

  it("refuses a bystander and audits it", async () => {
    const { h, id } = await pendingSecurityAdmin();
    const err = await fails(approveRequest(h.deps, { requestId: id, actorHumanId: h.p.bystander }));
    expect(err.code).toBe(ErrorCodes.NOT_AN_APPROVER);
    expect(h.audit.records.at(-1)).toMatchObject({ action: "ApprovalRefused", actor: h.p.bystander });
    expect((await h.store.get("requests", id))?.decisions).toEqual([]);
  });

  it("refuses a later-stage approver before their stage", async () => {
    const { h, id } = await pendingSecurityAdmin();
    const err = await fails(approveRequest(h.deps, { requestId: id, actorHumanId: "hum_10002" }));
    expect(err.code).toBe(ErrorCodes.NOT_AN_APPROVER);
    expect(err.message).toContain("Manager stage");
  });

  it("does not let one person approve two stages", async () => {
    const h = await coreHarness();
    // Marcus is Jane's manager and also owner of User Administrator's role-owner stage.
    const res = await submitRequest(h.deps, { requesterHumanId: h.p.requester, entitlement: "User Administrator", justification: JANE_JUSTIFICATION, ticket: "CHG-20931", source: "teams" });
    await approveRequest(h.deps, { requestId: res.request.id, actorHumanId: "hum_10004" });
    const err = await fails(approveRequest(h.deps, { requestId: res.request.id, actorHumanId: "hum_10004" }));
    expect(err.code).toBe(ErrorCodes.NOT_AN_APPROVER);
    expect(err.message).toContain("already approved the Manager stage");
    const ok = await approveRequest(h.deps, { requestId: res.request.id, actorHumanId: "hum_10003" });
    expect(ok.outcome).toBe("approved");
  });

  it("answers a duplicate approval with who decided first and when, changing nothing", async () => {
    const h = await coreHarness();
    const res = await submitRequest(h.deps, { requesterHumanId: h.p.bystander, entitlement: "AZZ-RBAC-PAY-NONPROD-Contributor", justification: "Quarterly finance controls walkthrough", source: "teams" });
    await approveRequest(h.deps, { requestId: res.request.id, actorHumanId: "hum_10005" });
    const before = await h.snapshot();
    h.clock.advanceMinutes(3);
    const again = await approveRequest(h.deps, { requestId: res.request.id, actorHumanId: "hum_10005" });
    expect(again.outcome).toBe("unchanged");
    expect(again.decidedBy?.name).toBe("Grace Mbeki");
    expect(again.message).toMatch(/Already approved by Grace Mbeki, Mon 23 Nov 2026, 09:00 UTC/);
    expect(await h.snapshot()).toBe(before);
  });

  it("turns concurrent approvals of one version into exactly one transition", async () => {
    const h = await coreHarness();
    const res = await submitRequest(h.deps, { requesterHumanId: h.p.requester, entitlement: "Security Administrator", justification: JANE_JUSTIFICATION, ticket: "CHG-20931", source: "teams" });
    await approveRequest(h.deps, { requestId: res.request.id, actorHumanId: "hum_10004" });
    const results = await Promise.all([
      approveRequest(h.deps, { requestId: res.request.id, actorHumanId: "hum_10001" }),
      approveRequest(h.deps, { requestId: res.request.id, actorHumanId: "hum_10002" }),
      approveRequest(h.deps, { requestId: res.request.id, actorHumanId: "hum_10001" }),
    ]);
    expect(results.filter((r) => r.outcome === "approved")).toHaveLength(1);
    const stored = await h.store.get("requests", res.request.id);
    expect(stored?.history.filter((t) => t.to === "approved")).toHaveLength(1);
    expect((await h.jobs("provision"))).toHaveLength(1);
  });

  it("refuses a stale card version and reports the current one", async () => {
    const { h, id } = await pendingSecurityAdmin();
    await approveRequest(h.deps, { requestId: id, actorHumanId: "hum_10004" });
    const err = await fails(approveRequest(h.deps, { requestId: id, actorHumanId: "hum_10001", expectedVersion: 1 }));
    expect(err.code).toBe(ErrorCodes.STALE_VERSION);
    expect(err.details.currentVersion).toBe(2);
  });

  it("requires a reason to deny and tells the requester", async () => {
    const { h, id } = await pendingSecurityAdmin();
    expect((await fails(denyRequest(h.deps, { requestId: id, actorHumanId: "hum_10004" }))).code).toBe(ErrorCodes.VALIDATION_FAILED);
    const res = await denyRequest(h.deps, { requestId: id, actorHumanId: "hum_10004", reason: "Use the change window on Friday" });
    expect(res.request.state).toBe("denied");
    expect(res.view.outcome).toContain("Denied by Marcus Lindqvist");
    const notice = (await h.jobs("notify")).map((j) => (j.payload as { notices: { headline: string }[] }).notices[0]?.headline).filter(Boolean).at(-1);
    expect(notice).toContain("Use the change window on Friday");
    const late = await approveRequest(h.deps, { requestId: id, actorHumanId: "hum_10004" });
    expect(late.outcome).toBe("unchanged");
    expect(late.message).toContain("Already denied by Marcus Lindqvist");
  });

  it("lets only the requester cancel, and only while pending", async () => {
    const { h, id } = await pendingSecurityAdmin();
    expect((await fails(cancelRequest(h.deps, { requestId: id, actorHumanId: "hum_10004" }))).code).toBe(ErrorCodes.NOT_ALLOWED);
    const res = await cancelRequest(h.deps, { requestId: id, actorHumanId: h.p.requester });
    expect(res.request.state).toBe("cancelled");
    const approve = await approveRequest(h.deps, { requestId: id, actorHumanId: "hum_10004" });
    expect(approve.outcome).toBe("unchanged");
    expect(approve.message).toContain("already cancelled");
  });

  it("shows approvers their buttons and everyone else only the state", async () => {
    const { h, id } = await pendingSecurityAdmin();
    const { getRequestView } = await import("../../../src/core/usecases/queries/get-views.js");
    expect((await getRequestView(h.deps, id, "hum_10004")).actions.map((a) => a.id)).toEqual(["approve", "deny"]);
    expect((await getRequestView(h.deps, id, h.p.requester)).actions.map((a) => a.id)).toEqual(["cancel"]);
    expect((await getRequestView(h.deps, id, h.p.bystander)).actions).toEqual([]);
    expect((await getRequestView(h.deps, id)).mayDecide).toEqual(["hum_10004"]);
  });
});

describe("refused actions are audited", () => {
  it("audits a bystander's cancel, extend, release and acknowledge", async () => {
    const h = await coreHarness();
    const { extendGrant } = await import("../../../src/core/usecases/extend-grant.js");
    const { revokeGrant } = await import("../../../src/core/usecases/revoke-grant.js");
    const { acknowledgeEmergency } = await import("../../../src/core/usecases/acknowledge-emergency.js");
    const { requestEmergency } = await import("../../../src/core/usecases/request-emergency.js");
    const { humanActor } = await import("../../../src/core/usecases/shared/actor.js");
    const r = await submitRequest(h.deps, { requesterHumanId: h.p.requester, entitlement: "Security Administrator", justification: JANE_JUSTIFICATION, ticket: "CHG-20931", source: "teams" });
    const e = await requestEmergency(h.deps, { requesterHumanId: h.p.oncallSre, entitlement: "Exchange Administrator", incident: "INC-40123", source: "teams" });
    const bystander = h.p.bystander;
    expect((await fails(cancelRequest(h.deps, { requestId: r.request.id, actorHumanId: bystander }))).code).toBe(ErrorCodes.NOT_ALLOWED);
    expect((await fails(extendGrant(h.deps, { requestId: r.request.id, actorHumanId: bystander, minutes: 30 }))).code).toBe(ErrorCodes.NOT_ALLOWED);
    expect((await fails(revokeGrant(h.deps, humanActor(bystander), { requestId: r.request.id, reason: "because" }))).code).toBe(ErrorCodes.NOT_ALLOWED);
    expect((await fails(acknowledgeEmergency(h.deps, { requestId: e.request.id, actorHumanId: bystander }))).code).toBe(ErrorCodes.NOT_ALLOWED);
    const refused = h.audit.records.filter((a) => a.result === "refused");
    expect(refused.map((a) => [a.actor, a.message.split(" ")[0]])).toEqual([
      [bystander, "Cancel"],
      [bystander, "Extend"],
      [bystander, "Revoke"],
      [bystander, "Acknowledge"],
    ]);
  });
});
