import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPimError } from "../../../src/core/errors.js";
import type { ProvisioningResult } from "../../../src/core/ports/provisioning.js";
import { bulkGrants, type GrantChange } from "./support/bulk-changes.js";
import { ctx, NOW, startHarness, type Harness } from "./support/harness.js";

/** How many times the test plays outbox: re-applying what came back retryable, as the outbox worker would. */
const OUTBOX_ROUNDS = 5;

describe("bulk provisioning while Graph throttles and fails 30 % of calls", () => {
  let h: Harness;
  let changes: GrantChange[];
  let outcomes: Array<ProvisioningResult | Error>;
  let rounds = 0;

  beforeAll(async () => {
    h = await startHarness({
      fake: { seed: 2026 },
      adapter: {
        retry: { maxRetries: 4, initialDelayMs: 200, maxDelayMs: 2_000 },
        // The circuit must not trip on random failures well below its threshold; its own test is elsewhere.
        breaker: { kind: "sampling", threshold: 0.75, samplingDurationMs: 30_000, minimumRps: 5, halfOpenAfterMs: 30_000 },
      },
    });
    h.fake.faults.add({ id: "lost-answers", fraction: 0.05, applyThenFail: true, effect: { kind: "error", status: 503, retryAfter: "0" } });
    h.fake.faults.add({ id: "throttling", fraction: 0.3, effect: { kind: "error", status: [429, 503], retryAfter: "1" } });
    changes = bulkGrants(h.org, 500, NOW);
    const contexts = changes.map((_, i) => ctx({ correlationId: `bulk-${i}`, idempotencyKey: `bulk-${i}` }));

    outcomes = await h.graph.provisioning.applyMany(changes.map((change, i) => ({ change, ctx: contexts[i]! })));
    for (rounds = 1; rounds <= OUTBOX_ROUNDS; rounds++) {
      const again = outcomes.flatMap((o, i) => (o instanceof Error && isPimError(o) && (o as { retryable?: boolean }).retryable ? [i] : []));
      if (again.length === 0) break;
      const retried = await h.graph.provisioning.applyMany(again.map((i) => ({ change: changes[i]!, ctx: contexts[i]! })));
      again.forEach((i, k) => (outcomes[i] = retried[k]!));
    }
  }, 120_000);
  afterAll(() => h.close());

  it("ends with every change applied or already in place", () => {
    const failures = outcomes.filter((o) => o instanceof Error);
    expect(failures.map((f) => (f as Error).message)).toEqual([]);
    expect(new Set(outcomes.map((o) => (o as ProvisioningResult).outcome))).toEqual(new Set(["applied", "alreadyInPlace"]));
  });

  it("leaves exactly one assignment or membership per change in the tenant", () => {
    for (const c of changes) {
      if (c.target.mechanism === "group") {
        expect(h.fake.state.isMember(c.target.groupId, c.principalId)).toBe(true);
        continue;
      }
      const kind =
        c.target.mechanism === "entraRole" ? (c.kind === "eligible" ? "roleEligibility" : "roleAssignment") : c.kind === "eligible" ? "groupEligibility" : "groupAssignment";
      expect(h.fake.state.instancesFor(kind, c.principalId, c.target), `${kind} ${c.principalId}`).toHaveLength(1);
    }
  });

  it("really met the faults: throttled and failed calls, lost answers, batches", () => {
    const log = h.fake.requests.all();
    expect(log.filter((r) => r.status === 429).length).toBeGreaterThan(50);
    expect(log.filter((r) => r.status === 503).length).toBeGreaterThan(50);
    expect(h.fake.faults.list().find((f) => f.id === "lost-answers")!.fired).toBeGreaterThan(0);
    expect(h.fake.requests.httpRequests().filter((r) => r.path === "/$batch").length).toBeGreaterThanOrEqual(25);
  });

  it("shows the retries in the audit log, each with its attempt number, status and request-id", () => {
    const calls = h.graphCalls();
    const retries = calls.filter((c) => (c.details?.attempt as number) > 0);
    expect(retries.length).toBeGreaterThan(50);
    const throttled = calls.filter((c) => c.details?.status === 429);
    expect(throttled.length).toBeGreaterThan(50);
    expect(throttled.every((c) => typeof c.details?.graphRequestId === "string")).toBe(true);
    // Each throttled item waited the Retry-After it was given before its retry.
    expect(h.sleeps.filter((ms) => ms === 1_000).length).toBeGreaterThan(50);
    expect(rounds).toBeLessThanOrEqual(OUTBOX_ROUNDS);
  });
});
