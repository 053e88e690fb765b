import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/core/ports/logger.js";
import { approveRequest } from "../../../src/core/usecases/approve-request.js";
import { submitRequest } from "../../../src/core/usecases/submit-request.js";
import { nextDueAt, Scheduler } from "../../../src/jobs/scheduler.js";
import { coreHarness } from "../../support/core-harness.js";
import { put } from "../../../src/core/ports/store.js";

describe("scheduler", () => {
  it("finds the next due instant in the store (so it re-arms after a restart)", async () => {
    const h = await coreHarness();
    expect(await nextDueAt(h.store)).toBeUndefined();
    const r = await submitRequest(h.deps, { requesterHumanId: "hum_12345", entitlement: "Security Administrator", justification: "Investigate risky sign-ins for INC-55012", ticket: "INC-55012", source: "api" });
    expect((await nextDueAt(h.store))?.toISOString()).toBe(r.request.nextReminderAt);
  });

  it("expires on start-up what ended while the process was down", async () => {
    const h = await coreHarness();
    const r = await submitRequest(h.deps, { requesterHumanId: "hum_12347", entitlement: "AZZ-RBAC-PAY-NONPROD-Contributor", durationMinutes: 60, justification: "Check the reconciliation job configuration", source: "api" });
    await approveRequest(h.deps, { requestId: r.request.id, actorHumanId: "hum_10005" });
    // As if provisioning had made it active an hour ago, then the process stopped.
    const stored = (await h.store.get("requests", r.request.id))!;
    const start = h.clock.now().toISOString();
    await h.store.commit([put("requests", { ...stored, state: "active", startAt: start, endAt: new Date(h.clock.now().getTime() + 3_600_000).toISOString(), history: [...stored.history, { from: "approved", to: "provisioning", at: start, actor: "t" }, { from: "provisioning", to: "active", at: start, actor: "t" }] })]);
    h.clock.advanceMinutes(90);
    const scheduler = new Scheduler({ deps: h.deps, clock: h.clock, logger: silentLogger, pattern: "0 0 1 1 *" });
    await scheduler.start();
    scheduler.stop();
    expect((await h.store.get("requests", r.request.id))?.state).toBe("expired");
    expect((await h.jobs("provision")).map((j) => j.id)).toContain(`prov_${r.request.id}_remove`);
  });

  it("shares one sweep between overlapping calls", async () => {
    const h = await coreHarness();
    const s = new Scheduler({ deps: h.deps, clock: h.clock, logger: silentLogger });
    const [a, b] = [s.sweep(), s.sweep()];
    expect(a).toBe(b);
    await a;
  });
});
