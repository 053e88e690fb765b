import { afterEach, describe, expect, it } from "vitest";
import { ConflictError } from "../../src/core/errors.js";
import type { AccessRequest } from "../../src/core/domain/request.js";
import { put, remove, type MetaDoc, type Store } from "../../src/core/ports/store.js";

/**
 * The behaviour every `Store` adapter must have. Each adapter's test file calls this with a factory
 * that returns a fresh, empty store per test.
 */
export function storeConformance(adapterName: string, openEmptyStore: () => Promise<Store>): void {
  describe(`${adapterName} — Store contract`, () => {
    const opened: Store[] = [];
    const fresh = async (): Promise<Store> => {
      const store = await openEmptyStore();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    describe("reading and writing", () => {
      it("returns undefined for a document that was never written", async () => {
        const store = await fresh();
        expect(await store.get("requests", "req-missing")).toBeUndefined();
        expect(await store.find("requests")).toEqual([]);
      });

      it("creates a document written with version 0 and stores it at version 1", async () => {
        const store = await fresh();
        await store.commit([put("requests", request("req-1"))]);
        expect(await store.get("requests", "req-1")).toEqual({ ...request("req-1"), version: 1 });
      });

      it("bumps the version on every update and keeps the new content", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("m", "a", 0))]);
        await store.commit([put("meta", meta("m", "b", 1))]);
        await store.commit([put("meta", meta("m", "c", 2))]);
        expect(await store.get("meta", "m")).toEqual(meta("m", "c", 3));
      });

      it("keeps collections apart even when ids are equal", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("same", "meta")), put("requests", request("same"))]);
        expect((await store.get("meta", "same"))?.value).toBe("meta");
        expect((await store.get("requests", "same"))?.state).toBe("pending");
        expect(await store.find("meta")).toHaveLength(1);
      });

      it("treats ids that are also JavaScript property names as ordinary ids", async () => {
        const store = await fresh();
        expect(await store.get("meta", "constructor")).toBeUndefined();
        expect(await store.get("meta", "__proto__")).toBeUndefined();
        await store.commit([put("meta", meta("__proto__", "p")), put("meta", meta("constructor", "c"))]);
        expect(await store.get("meta", "__proto__")).toEqual(meta("__proto__", "p", 1));
        expect((await store.find("meta")).map((d) => d.id).sort()).toEqual(["__proto__", "constructor"]);
      });

      it("stores documents as JSON data, so a Date field reads back as its ISO string", async () => {
        const store = await fresh();
        const at = new Date("2025-03-01T10:00:00.000Z");
        await store.commit([put("meta", { id: "d", version: 0, value: { at } })]);
        expect((await store.get("meta", "d"))?.value).toEqual({ at: "2025-03-01T10:00:00.000Z" });
      });
    });

    describe("compare-and-swap", () => {
      it("refuses an update based on a stale version and says what it expected and found", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("m", "a", 0))]);
        await store.commit([put("meta", meta("m", "b", 1))]);

        const stale = store.commit([put("meta", meta("m", "stale", 1))]);
        await expect(stale).rejects.toBeInstanceOf(ConflictError);
        await expect(stale).rejects.toMatchObject({
          code: "CONFLICT",
          details: { collection: "meta", id: "m", expected: 1, actual: 2 },
        });
        expect(await store.get("meta", "m")).toEqual(meta("m", "b", 2));
      });

      it("refuses to create a document that already exists", async () => {
        const store = await fresh();
        await store.commit([put("requests", request("req-1"))]);
        await expect(store.commit([put("requests", { ...request("req-1"), state: "approved" })])).rejects.toMatchObject({
          code: "CONFLICT",
          details: { collection: "requests", id: "req-1", expected: 0, actual: 1 },
        });
        expect((await store.get("requests", "req-1"))?.state).toBe("pending");
      });

      it("refuses to update a document that does not exist", async () => {
        const store = await fresh();
        await expect(store.commit([put("meta", meta("ghost", "x", 4))])).rejects.toMatchObject({
          code: "CONFLICT",
          details: { expected: 4, actual: 0 },
        });
        expect(await store.get("meta", "ghost")).toBeUndefined();
      });

      it("writes nothing of a commit when any one of its operations conflicts", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("existing", "before", 0)), put("meta", meta("doomed", "x", 0))]);

        const mixed = store.commit([
          put("requests", request("req-new")),
          put("meta", meta("existing", "after", 1)),
          remove("meta", "doomed", 1),
          put("meta", meta("fresh", "y", 0), true),
          put("meta", meta("existing", "stale", 0)),
        ]);
        await expect(mixed).rejects.toMatchObject({ code: "CONFLICT", details: { id: "existing", opIndex: 4 } });

        expect(await store.get("requests", "req-new")).toBeUndefined();
        expect(await store.get("meta", "existing")).toEqual(meta("existing", "before", 1));
        expect(await store.get("meta", "doomed")).toEqual(meta("doomed", "x", 1));
        expect(await store.get("meta", "fresh")).toBeUndefined();
      });

      it("applies operations in order, so a later one sees an earlier one on the same document", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("m", "first", 0)), put("meta", meta("m", "second", 1))]);
        expect(await store.get("meta", "m")).toEqual(meta("m", "second", 2));
      });

      it("lets exactly one of 20 concurrent commits on the same version win", async () => {
        const store = await fresh();
        await store.commit([put("requests", request("req-race"))]);

        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            store.commit([put("requests", { ...request("req-race"), version: 1, justification: `decider ${i}` })]),
          ),
        );

        const won = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [i] : []));
        const lost = outcomes.filter((o) => o.status === "rejected");
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        for (const o of lost) expect((o as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
        const stored = await store.get("requests", "req-race");
        expect(stored?.version).toBe(2);
        expect(stored?.justification).toBe(`decider ${won[0]}`);
      });

      it("lets exactly one of 20 concurrent creations of the same id win", async () => {
        const store = await fresh();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => store.commit([put("meta", meta("lock", `owner ${i}`))])),
        );
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        expect((await store.get("meta", "lock"))?.version).toBe(1);
      });
    });

    describe("forced writes", () => {
      it("creates a missing document at version 1 whatever version it carries", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("seed", "v", 7), true)]);
        expect(await store.get("meta", "seed")).toEqual(meta("seed", "v", 1));
      });

      it("overwrites an existing document and bumps its stored version", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("seed", "a", 0))]);
        await store.commit([put("meta", meta("seed", "b", 1))]);
        await store.commit([put("meta", meta("seed", "synced", 0), true)]);
        expect(await store.get("meta", "seed")).toEqual(meta("seed", "synced", 3));
      });
    });

    describe("deleting", () => {
      it("deletes a document when the expected version matches", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("m", "a", 0))]);
        await store.commit([remove("meta", "m", 1)]);
        expect(await store.get("meta", "m")).toBeUndefined();
        expect(await store.find("meta")).toEqual([]);
      });

      it("refuses to delete when the expected version is stale, and keeps the document", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("m", "a", 0))]);
        await store.commit([put("meta", meta("m", "b", 1))]);
        await expect(store.commit([remove("meta", "m", 1)])).rejects.toMatchObject({
          code: "CONFLICT",
          details: { collection: "meta", id: "m", expected: 1, actual: 2 },
        });
        expect(await store.get("meta", "m")).toEqual(meta("m", "b", 2));
      });

      it("deletes unconditionally without an expected version", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("m", "a", 0))]);
        await store.commit([put("meta", meta("m", "b", 1))]);
        await store.commit([remove("meta", "m")]);
        expect(await store.get("meta", "m")).toBeUndefined();
      });

      it("treats deleting a missing document as done, unless a version was expected", async () => {
        const store = await fresh();
        await expect(store.commit([remove("meta", "never")])).resolves.toBeUndefined();
        await expect(store.commit([remove("meta", "never", 1)])).rejects.toMatchObject({
          code: "CONFLICT",
          details: { expected: 1, actual: 0 },
        });
      });

      it("lets a deleted id be created again from version 0", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("m", "a", 0))]);
        await store.commit([remove("meta", "m", 1)]);
        await store.commit([put("meta", meta("m", "again", 0))]);
        expect(await store.get("meta", "m")).toEqual(meta("m", "again", 1));
      });
    });

    describe("finding", () => {
      it("returns the documents whose given top-level fields all match", async () => {
        const store = await fresh();
        await store.commit([
          put("requests", request("r1", { state: "pending", requesterHumanId: "h-ann" })),
          put("requests", request("r2", { state: "active", requesterHumanId: "h-ann" })),
          put("requests", request("r3", { state: "pending", requesterHumanId: "h-bob" })),
        ]);
        const ids = async (where?: Partial<AccessRequest>) => (await store.find("requests", where)).map((r) => r.id).sort();

        expect(await ids()).toEqual(["r1", "r2", "r3"]);
        expect(await ids({})).toEqual(["r1", "r2", "r3"]);
        expect(await ids({ state: "pending" })).toEqual(["r1", "r3"]);
        expect(await ids({ state: "pending", requesterHumanId: "h-ann" })).toEqual(["r1"]);
        expect(await ids({ state: "denied" })).toEqual([]);
      });

      it("compares only top-level values, so a nested object never matches by content", async () => {
        const store = await fresh();
        await store.commit([put("requests", request("r1"))]);
        expect(await store.find("requests", { provisioning: request("r1").provisioning })).toEqual([]);
      });

      it("narrows by a matcher on nested fields, together with the top-level values", async () => {
        const store = await fresh();
        await store.commit([
          put("requests", request("r1", { state: "pending", durationMinutes: 60 })),
          put("requests", request("r2", { state: "pending", durationMinutes: 480 })),
          put("requests", request("r3", { state: "active", durationMinutes: 480 })),
        ]);
        const long = (r: Readonly<AccessRequest>) => r.durationMinutes > 120;
        expect((await store.find("requests", { state: "pending" }, long)).map((r) => r.id)).toEqual(["r2"]);
        expect((await store.find("requests", {}, long)).map((r) => r.id).sort()).toEqual(["r2", "r3"]);
      });

      it("returns documents with their current versions", async () => {
        const store = await fresh();
        await store.commit([put("meta", meta("m", "a", 0))]);
        await store.commit([put("meta", meta("m", "b", 1))]);
        expect(await store.find("meta", { id: "m" })).toEqual([meta("m", "b", 2)]);
      });
    });

    describe("isolation of copies", () => {
      it("is not changed by mutating a document returned by get or find", async () => {
        const store = await fresh();
        await store.commit([put("requests", request("r1"))]);

        const got = await store.get("requests", "r1");
        got!.state = "active";
        got!.history.push({ from: "pending", to: "active", at: "2025-01-01T00:00:00.000Z", actor: "mallory" });
        const [found] = await store.find("requests");
        found!.decisions.push({ stage: 0, actorHumanId: "mallory", verdict: "approve", at: "2025-01-01T00:00:00.000Z" });

        expect(await store.get("requests", "r1")).toEqual({ ...request("r1"), version: 1 });
      });

      it("is not changed by mutating the document that was committed", async () => {
        const store = await fresh();
        const doc = request("r1");
        await store.commit([put("requests", doc)]);
        doc.state = "revoked";
        doc.history.push({ from: null, to: "revoked", at: "2025-01-01T00:00:00.000Z", actor: "mallory" });
        doc.version = 41;
        expect(await store.get("requests", "r1")).toEqual({ ...request("r1"), version: 1 });
      });
    });

    describe("invalid input", () => {
      it("rejects a write with a negative version and writes nothing", async () => {
        const store = await fresh();
        await expect(
          store.commit([put("meta", meta("ok", "x", 0)), put("meta", meta("bad", "x", -1))]),
        ).rejects.toMatchObject({ code: "VALIDATION_FAILED", issues: [{ field: "ops[1].doc.version" }] });
        expect(await store.find("meta")).toEqual([]);
      });
    });
  });
}

export function meta(id: string, value: unknown, version = 0): MetaDoc {
  return { id, version, value };
}

export function request(id: string, overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id,
    version: 0,
    kind: "standard",
    source: "teams",
    state: "pending",
    requesterHumanId: "h-ann",
    identityId: "id-ann-azz",
    identityType: "azz",
    entitlementId: "ent-global-reader",
    grantKind: "active",
    durationMinutes: 240,
    justification: "Investigating incident INC-1001",
    createdAt: "2025-03-01T09:00:00.000Z",
    updatedAt: "2025-03-01T09:00:00.000Z",
    stages: [{ name: "owner", required: 1, approvers: [{ humanId: "h-owner", source: "owner" }] }],
    currentStage: 0,
    decisions: [],
    escalationLevel: 0,
    provisioning: { attempts: 0, graphRequestIds: [] },
    history: [{ from: null, to: "pending", at: "2025-03-01T09:00:00.000Z", actor: "h-ann" }],
    correlationId: "corr-1",
    ...overrides,
  };
}
