import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/adapters/audit/canonical-json.js";
import { GENESIS_HASH, recordHash } from "../../src/adapters/audit/record-hash.js";

// The hash format is a contract with anyone who verifies the log with their own tools.
describe("canonical JSON", () => {
  it("sorts keys recursively, including inside arrays, and adds no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: "x" } })).toBe('{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}');
  });

  it("sorts integer-like keys as strings, unlike JavaScript property order", () => {
    expect(canonicalJson({ 2: "two", 10: "ten", a: "a" })).toBe('{"10":"ten","2":"two","a":"a"}');
  });

  it("follows JSON.stringify for undefined, functions, non-finite numbers and toJSON", () => {
    expect(canonicalJson({ u: undefined, f: () => 1, n: Number.NaN, i: -Infinity, z: -0, d: new Date("2025-03-01T00:00:00Z") })).toBe(
      '{"d":"2025-03-01T00:00:00.000Z","i":null,"n":null,"z":0}',
    );
    expect(canonicalJson([undefined, () => 1, 1])).toBe("[null,null,1]");
  });

  it("keeps a __proto__ key as data", () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it("refuses values that have no JSON form", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/BigInt/);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it("gives the same text for the same data whatever order its keys were built in", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
    );
  });

  it("parses back to the same data and is stable under a JSON round trip", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe("record hash", () => {
  it("is sha256(prevHash + canonical JSON of the record without its hash)", () => {
    const record = { seq: 1, prevHash: GENESIS_HASH, id: "au-1", action: "Approve", details: { b: 2, a: 1 }, hash: "ignored" };
    const body = `{"action":"Approve","details":{"a":1,"b":2},"id":"au-1","prevHash":"${GENESIS_HASH}","seq":1}`;
    const expected = createHash("sha256").update(GENESIS_HASH + body).digest("hex");
    expect(recordHash(record)).toBe(expected);
    expect(GENESIS_HASH).toBe("0".repeat(64));
  });

  it("changes when any field, the sequence number or the previous hash changes", () => {
    const base = { seq: 3, prevHash: "a".repeat(64), id: "au-3", message: "approved" };
    const h = recordHash(base);
    expect(recordHash({ ...base, message: "approved!" })).not.toBe(h);
    expect(recordHash({ ...base, seq: 4 })).not.toBe(h);
    expect(recordHash({ ...base, prevHash: "b".repeat(64) })).not.toBe(h);
    expect(recordHash({ ...base, extra: true })).not.toBe(h);
  });
});
