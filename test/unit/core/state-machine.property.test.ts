import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeTenant } from "../../../src/adapters/graph/fake/index.js";
import type { GraphAdapter } from "../../../src/adapters/graph/index.js";
import { createMemoryStore } from "../../../src/adapters/storage/memory-store.js";
import { canTransition, REQUEST_STATES, type AccessRequest } from "../../../src/core/domain/request.js";
import { isPimError } from "../../../src/core/errors.js";
import { silentLogger } from "../../../src/core/ports/logger.js";
import { approveRequest } from "../../../src/core/usecases/approve-request.js";
import { cancelRequest } from "../../../src/core/usecases/cancel-request.js";
import { deliverNotice } from "../../../src/core/usecases/deliver-notice.js";
import { denyRequest } from "../../../src/core/usecases/deny-request.js";
import { executeProvisioning } from "../../../src/core/usecases/execute-provisioning.js";
import { expireDueGrants } from "../../../src/core/usecases/expire-grants.js";
import { revokeGrant } from "../../../src/core/usecases/revoke-grant.js";
import { humanActor } from "../../../src/core/usecases/shared/actor.js";
import { submitRequest } from "../../../src/core/usecases/submit-request.js";
import { timeoutRequests } from "../../../src/core/usecases/timeout-requests.js";
import { OutboxWorker } from "../../../src/jobs/outbox-worker.js";
import { FanOutNotifier } from "../../../src/runtime/fanout-notifier.js";
import { coreHarness } from "../../support/core-harness.js";
import { FakeClock } from "../../support/fake-clock.js";
import { graphWorld } from "../../support/graph-world.js";
import { buildDemoOrg } from "../../../src/demo/org.js";

const REQUESTERS = ["hum_12345", "hum_12348", "hum_12349"];
const ACTORS = ["hum_10004", "hum_10002", "hum_10001", "hum_10003", "hum_10005", "hum_20000", "hum_12347", ...REQUESTERS];
const ENTITLEMENTS = ["Security Administrator", "AZZ-RBAC-PAY-NONPROD-Contributor", "Global Reader"];

type Cmd =
  | { t: "submit"; who: number; ent: number; minutes: number }
  | { t: "approve" | "deny" | "cancel" | "revoke"; slot: number; actor: number }
  | { t: "outbox" }
  | { t: "time"; minutes: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant("submit" as const), who: fc.nat(REQUESTERS.length - 1), ent: fc.nat(ENTITLEMENTS.length - 1), minutes: fc.constantFrom(30, 60, 120, 240) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant("approve" as const), slot: fc.nat(7), actor: fc.nat(ACTORS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("deny" as const), slot: fc.nat(7), actor: fc.nat(ACTORS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("cancel" as const), slot: fc.nat(7), actor: fc.nat(ACTORS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("revoke" as const), slot: fc.nat(7), actor: fc.nat(ACTORS.length - 1) }) },
  { weight: 3, arbitrary: fc.constant({ t: "outbox" as const }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("time" as const), minutes: fc.constantFrom(5, 45, 130, 300, 3000) }) },
);

describe("request state machine under random interleavings", () => {
  const clock = new FakeClock();
  const org = buildDemoOrg({ now: clock.now(), staffCount: 120, guestCount: 10 });
  let tenant: FakeTenant;
  let graph: GraphAdapter;
  beforeAll(async () => {
    const h = await coreHarness();
    ({ tenant, graph } = await graphWorld({ org, clock, audit: h.audit, ids: h.deps.ids }));
  });
  afterAll(async () => tenant.close());

  it("never reaches an illegal state, never lets a requester approve, never provisions twice", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 5, maxLength: 30 }), async (cmds) => {
        tenant.state.instances.clear();
        const h = await coreHarness({ store: createMemoryStore() });
        h.clock.set(clock.now());
        const deps = { ...h.deps, clock, provisioning: graph.provisioning };
        const notifier = new FanOutNotifier([], silentLogger);
        const worker = new OutboxWorker({
          store: h.store, clock, logger: silentLogger, random: () => 0.5,
          handlers: { provision: (p, a) => executeProvisioning(deps, p, a), notify: (p, a) => deliverNotice({ ...deps, notifier }, p, a) },
        });
        const slots: string[] = [];
        const swallow = async (p: Promise<unknown>) => {
          try {
            await p;
          } catch (e) {
            if (!isPimError(e)) throw e;
          }
        };
        for (const c of cmds) {
          const slot = "slot" in c ? slots[c.slot % Math.max(1, slots.length)] : undefined;
          const actor = "actor" in c ? (ACTORS[c.actor] as string) : "";
          switch (c.t) {
            case "submit":
              await swallow(
                submitRequest(deps, { requesterHumanId: REQUESTERS[c.who] as string, entitlement: ENTITLEMENTS[c.ent] as string, durationMinutes: c.minutes, justification: "Property-based exploration of the lifecycle", ticket: "CHG-10001", source: "api" }).then((r) => slots.push(r.request.id)),
              );
              break;
            case "approve":
              if (slot) await swallow(approveRequest(deps, { requestId: slot, actorHumanId: actor }));
              break;
            case "deny":
              if (slot) await swallow(denyRequest(deps, { requestId: slot, actorHumanId: actor, reason: "not this time" }));
              break;
            case "cancel":
              if (slot) await swallow(cancelRequest(deps, { requestId: slot, actorHumanId: actor }));
              break;
            case "revoke":
              if (slot) await swallow(revokeGrant(deps, humanActor(actor), { requestId: slot, reason: "random revoke" }));
              break;
            case "outbox":
              await worker.drain();
              break;
            case "time":
              clock.advanceMinutes(c.minutes);
              await expireDueGrants(deps);
              await timeoutRequests(deps);
              break;
          }
          await checkInvariants(await h.store.find("requests"), (await h.store.find("outbox")).map((j) => j.id));
        }
        await worker.drain();
        const requests = await h.store.find("requests");
        await checkInvariants(requests, (await h.store.find("outbox")).map((j) => j.id));
        for (const r of requests) {
          const identity = org.identities.find((i) => i.id === r.identityId)!;
          const ent = org.entitlements.find((e) => e.id === r.entitlementId)!;
          const live = tenant.state.instancesFor(r.grantKind === "eligible" ? (ent.target.mechanism === "entraRole" ? "roleEligibility" : "groupEligibility") : ent.target.mechanism === "entraRole" ? "roleAssignment" : "groupAssignment", identity.objectId, ent.target.mechanism === "entraRole" ? { roleDefinitionId: ent.target.roleDefinitionId, directoryScopeId: "/" } : { groupId: (ent.target as { groupId: string }).groupId, accessId: "member" });
          if (r.state === "active") expect(live.length, `active ${r.id} must exist exactly once in the tenant`).toBe(1);
          if (r.state === "expired" || r.state === "revoked") expect(live.length, `${r.state} ${r.id} must be gone from the tenant`).toBe(0);
        }
        const audit = h.audit.records;
        for (let i = 1; i < audit.length; i++) expect(audit[i]!.prevHash).toBe(audit[i - 1]!.hash);
      }),
      { numRuns: 80, seed: 20261123, endOnFailure: true },
    );
  }, 240_000);
});

async function checkInvariants(requests: AccessRequest[], jobIds: string[]): Promise<void> {
  for (const r of requests) {
    expect(REQUEST_STATES).toContain(r.state);
    expect(r.history[0]?.from).toBeNull();
    for (let i = 1; i < r.history.length; i++) {
      const prev = r.history[i - 1]!;
      const t = r.history[i]!;
      expect(t.from, `${r.id} history is a chain`).toBe(prev.to);
      expect(canTransition(t.from!, t.to), `${r.id}: ${t.from} -> ${t.to}`).toBe(true);
    }
    expect(r.history.at(-1)?.to).toBe(r.state);
    for (const d of r.decisions) {
      expect(d.actorHumanId, `${r.id}: requester decided their own request`).not.toBe(r.requesterHumanId);
      expect(r.stages[d.stage]?.approvers.map((a) => a.humanId)).toContain(d.actorHumanId);
    }
    expect(jobIds.filter((id) => id.startsWith(`prov_${r.id}_grant`)).length).toBeLessThanOrEqual(1);
    if (r.state !== "pending" && r.state !== "denied" && r.state !== "cancelled" && r.state !== "timed_out" && !r.autoApproval && r.kind === "standard") {
      // Anything that got past approval was approved by the full chain.
      r.stages.forEach((s, i) => expect(r.decisions.filter((d) => d.stage === i && d.verdict === "approve").length).toBeGreaterThanOrEqual(s.required));
    }
  }
}
