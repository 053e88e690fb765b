import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";

/** The `prevHash` of record 1. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * `hash = sha256_hex(prevHash + canonicalJson(record without "hash"))`. The record carries its own
 * prevHash and seq inside the hashed body, so reordering, removing or editing any record breaks
 * every hash after it.
 */
export function recordHash(record: Record<string, unknown> & { prevHash: string }): string {
  const { hash: _ignored, ...body } = record;
  return createHash("sha256").update(record.prevHash, "utf8").update(canonicalJson(body), "utf8").digest("hex");
}
