import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { GENESIS_HASH, recordHash } from "./record-hash.js";

export type ChainBreakReason = "unparsable" | "seq_gap" | "prev_hash_mismatch" | "hash_mismatch";

export interface ChainBreak {
  /** 1-based line number in the file. */
  line: number;
  /** The record's seq when it could be read, otherwise the seq expected at that line. */
  seq?: number;
  reason: ChainBreakReason;
  /** What exactly is wrong, for the person investigating. */
  detail: string;
}

export type VerifyResult =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; count: number; brokenAt: ChainBreak };

/**
 * Re-computes the hash chain of an audit log line by line, streaming, so any size can be verified
 * in constant memory. `count` is the number of intact records before the first break. A chain can
 * only prove that nothing was changed or removed *before* its last record; cutting records off the
 * end needs an outside anchor (e.g. a published last hash) to detect.
 */
export async function verifyAuditChain(file: string): Promise<VerifyResult> {
  const tail = await fileTail(file);
  const input = createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let count = 0;
  let lastHash = GENESIS_HASH;
  let lineNo = 0;
  let offset = 0;
  try {
    for await (const text of lines) {
      lineNo += 1;
      const expectedSeq = count + 1;
      const broken = checkLine(text, expectedSeq, lastHash);
      if (typeof broken === "object") {
        const lineEnd = offset + Buffer.byteLength(text, "utf8");
        if (broken.reason === "unparsable" && lineEnd === tail.size && !tail.endsWithNewline) {
          broken.detail = `the last line is incomplete, as after a crash during an append; the bot cuts it off the next time it opens the log (${broken.detail})`;
        }
        return { ok: false, count, brokenAt: { line: lineNo, ...broken } };
      }
      offset += Buffer.byteLength(text, "utf8") + 1;
      lastHash = broken;
      count = expectedSeq;
    }
  } finally {
    // Closing readline does not close its input: without this an early return leaks the descriptor.
    lines.close();
    input.destroy();
  }
  if (offset !== tail.size || !tail.endsWithNewline) {
    // Every append ends with a newline, so bytes the lines did not account for (a changed final
    // newline, an invalid UTF-8 tail the decoder swallowed) are damage, not a valid chain.
    return {
      ok: false,
      count: Math.max(0, count - 1),
      brokenAt: { line: Math.max(1, lineNo), seq: count, reason: "unparsable", detail: `the file does not end exactly after record ${count} and its newline (the last byte was changed or bytes were added)` },
    };
  }
  return { ok: true, count, lastHash };
}

async function fileTail(file: string): Promise<{ size: number; endsWithNewline: boolean }> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size === 0) return { size, endsWithNewline: true };
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return { size, endsWithNewline: last[0] === 0x0a };
  } finally {
    await handle.close();
  }
}

/** Returns the record's hash when the line is intact, otherwise what is wrong with it. */
function checkLine(text: string, expectedSeq: number, prevHash: string): string | Omit<ChainBreak, "line"> {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
    record = parsed as Record<string, unknown>;
  } catch (e) {
    return { seq: expectedSeq, reason: "unparsable", detail: `line is not a JSON record (${(e as Error).message})` };
  }
  const { seq, hash } = record;
  if (seq !== expectedSeq) {
    return { seq: typeof seq === "number" ? seq : expectedSeq, reason: "seq_gap", detail: `expected seq ${expectedSeq}, found ${JSON.stringify(seq) ?? "none"}` };
  }
  if (record.prevHash !== prevHash) {
    return { seq, reason: "prev_hash_mismatch", detail: `prevHash does not match the hash of the record before it (${prevHash})` };
  }
  const computed = recordHash(record as Record<string, unknown> & { prevHash: string });
  if (hash !== computed) {
    return { seq, reason: "hash_mismatch", detail: `stored hash ${String(hash)} does not match the content (computed ${computed})` };
  }
  return computed;
}

const REASON_TEXT: Record<ChainBreakReason, string> = {
  unparsable: "unreadable line",
  seq_gap: "sequence gap",
  prev_hash_mismatch: "previous-hash mismatch",
  hash_mismatch: "hash mismatch (record content was changed)",
};

export function describeBreak(brokenAt: ChainBreak): string {
  return `${REASON_TEXT[brokenAt.reason]}: ${brokenAt.detail}`;
}
