import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../../src/adapters/storage/memory-store.js";
import { ErrorCodes, ProvisioningError } from "../../../src/core/errors.js";
import { silentLogger } from "../../../src/core/ports/logger.js";
import type { OutboxJob } from "../../../src/core/ports/outbox.js";
import { put } from "../../../src/core/ports/store.js";
import { OutboxWorker, type JobHandlers } from "../../../src/jobs/outbox-worker.js";
import { FakeClock } from "../../support/fake-clock.js";

function job(id: string, clock: FakeClock, patch: Partial<OutboxJob> = {}): OutboxJob {
  const now = clock.now().toISOString();
  return { id, version: 0, type: "provision", payload: { requestId: "req_1", op: "grant", grantKind: "active" }, state: "pending", attempts: 0, maxAttempts: 3, runAt: now, createdAt: now, updatedAt: now, correlationId: "corr_1", ...patch } as OutboxJob;
}

function setup(handler: JobHandlers["provision"]) {
  const clock = new FakeClock();
  const store = createMemoryStore();
  const make = () => new OutboxWorker({ store, clock, logger: silentLogger, random: () => 1, backoffBaseMs: 1000, handlers: { provision: handler, notify: async () => {} } });
  return { clock, store, make };
}

describe("outbox worker", () => {
  it("runs a due job once and marks it done", async () => {
    const runs: number[] = [];
    const { clock, store, make } = setup(async (_p, a) => void runs.push(a.attempt));
    await store.commit([put("outbox", job("j1", clock))]);
    await make().drain();
    expect(runs).toEqual([1]);
    expect((await store.get("outbox", "j1"))?.state).toBe("done");
  });

  it("lets only one of two workers claim a job", async () => {
    let runs = 0;
    const { clock, store, make } = setup(async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
    });
    await store.commit([put("outbox", job("j1", clock))]);
    await Promise.all([make().runDue(), make().runDue(), make().runDue()]);
    expect(runs).toBe(1);
  });

  it("backs off exponentially on retryable errors and gives up after maxAttempts", async () => {
    const { clock, store, make } = setup(async () => {
      throw new ProvisioningError(ErrorCodes.GRAPH_UNAVAILABLE, "circuit open", true);
    });
    const w = make();
    await store.commit([put("outbox", job("j1", clock))]);
    await w.drain();
    let j = (await store.get("outbox", "j1"))!;
    expect(j).toMatchObject({ state: "pending", attempts: 1, lastError: { code: ErrorCodes.GRAPH_UNAVAILABLE } });
    expect(Date.parse(j.runAt) - clock.now().getTime()).toBe(1000);
    clock.advance(1000);
    await w.drain();
    j = (await store.get("outbox", "j1"))!;
    expect(Date.parse(j.runAt) - clock.now().getTime()).toBe(2000);
    clock.advance(2000);
    await w.drain();
    expect((await store.get("outbox", "j1"))?.state).toBe("dead");
  });

  it("does not retry an error that cannot succeed", async () => {
    const { clock, store, make } = setup(async () => {
      throw new ProvisioningError(ErrorCodes.GRAPH_ERROR, "forbidden", false);
    });
    await store.commit([put("outbox", job("j1", clock))]);
    await make().drain();
    expect((await store.get("outbox", "j1"))).toMatchObject({ state: "dead", attempts: 1 });
  });

  it("takes back a job left running by a process that died", async () => {
    const runs: number[] = [];
    const { clock, store } = setup(async () => {});
    const future = new Date(clock.now().getTime() + 3_600_000).toISOString();
    await store.commit([put("outbox", job("j1", clock, { state: "running", attempts: 1, leaseUntil: future }))]);
    const w = new OutboxWorker({ store, clock, logger: silentLogger, reclaimRunningOnStart: true, handlers: { provision: async (_p, a) => void runs.push(a.attempt), notify: async () => {} } });
    await w.start();
    await w.drain();
    await w.stop();
    expect(runs).toEqual([2]);
    expect((await store.get("outbox", "j1"))?.state).toBe("done");
  });

  it("leaves a job with an unexpired lease alone when not reclaiming", async () => {
    const runs: number[] = [];
    const { clock, store, make } = setup(async () => void runs.push(1));
    const future = new Date(clock.now().getTime() + 60_000).toISOString();
    await store.commit([put("outbox", job("j1", clock, { state: "running", attempts: 1, leaseUntil: future }))]);
    await make().drain();
    expect(runs).toEqual([]);
    clock.advance(61_000);
    await make().drain();
    expect(runs).toEqual([1]);
  });
});
