/**
 * JSON with object keys sorted recursively (by UTF-16 code unit, i.e. `Array.prototype.sort`), no
 * whitespace, and otherwise exactly `JSON.stringify`'s rules (toJSON, undefined/functions dropped in
 * objects and nulled in arrays, non-finite numbers as null). Equal data gives equal bytes whatever
 * order its keys were built in, which is what the audit hash needs; anyone can re-implement it to
 * verify the chain independently.
 *
 * Written by hand because `JSON.stringify` follows property order, and JavaScript puts integer-like
 * keys ("10", "2") first no matter how an object is built.
 */
export function canonicalJson(value: unknown): string {
  const out = serialize(value, "", []);
  if (out === undefined) throw new TypeError("canonicalJson: value has no JSON representation");
  return out;
}

function serialize(input: unknown, key: string, ancestors: object[]): string | undefined {
  let value = input;
  if (typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new TypeError("canonicalJson: BigInt has no JSON representation");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return "null";
  const object = value as object;
  if (ancestors.includes(object)) throw new TypeError("canonicalJson: circular structure");
  ancestors.push(object);
  let out: string;
  if (Array.isArray(object)) {
    out = `[${object.map((item, i) => serialize(item, String(i), ancestors) ?? "null").join(",")}]`;
  } else {
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const k of Object.keys(record).sort()) {
      const member = serialize(record[k], k, ancestors);
      if (member !== undefined) members.push(`${JSON.stringify(k)}:${member}`);
    }
    out = `{${members.join(",")}}`;
  }
  ancestors.pop();
  return out;
}
