import { mkdir, open, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { ErrorCodes, StorageError, ValidationError, type FieldIssue } from "../../core/errors.js";
import type { AuditEntry, AuditLog, AuditRecord } from "../../core/ports/audit.js";
import { syncDirectory } from "../storage/durable-json-file.js";
import { Mutex } from "../storage/mutex.js";
import { endOfLastCompleteLine, readAt, readLinesBackwards } from "./backward-lines.js";
import { canonicalJson } from "./canonical-json.js";
import { GENESIS_HASH, recordHash } from "./record-hash.js";

export const AUDIT_FILE_NAME = "audit.jsonl";
export const DEFAULT_FIND_IDS_BYTE_BUDGET = 8 * 1024 * 1024;

export interface JsonlAuditLogOptions {
  /** The log is `<dataDir>/audit.jsonl` unless `file` is given. */
  dataDir?: string;
  file?: string;
  /** How far back `findIds` reads before giving up on ids it has not found. */
  findIdsByteBudget?: number;
}

/** What opening the log had to repair: a last line cut short by a crash during an append. */
export interface AuditRecovery {
  /** Where the incomplete line started; the file now ends here. */
  offset: number;
  truncatedBytes: number;
  /** The removed bytes as text (at most 4 KiB), for the operator's log. */
  droppedText: string;
}

const HASH_PATTERN = /^[0-9a-f]{64}$/;
const DROPPED_TEXT_LIMIT = 4096;

/**
 * Append-only, hash-chained JSON-lines audit log (one record per line, see record-hash.ts).
 * The file is opened once; each append is a single write followed by fdatasync, and appends run
 * one at a time so the chain never forks. Opening reads only the end of the file, so neither
 * start-up nor append cost grows with the length of the history. One writer per file: two
 * processes (or two instances) appending to the same file would fork the chain.
 */
export class JsonlAuditLog implements AuditLog {
  readonly file: string;
  /** Set when opening had to cut off an incomplete last line; the caller should log it. */
  readonly recovered: AuditRecovery | undefined;
  readonly #handle: FileHandle;
  readonly #mutex = new Mutex();
  readonly #findIdsByteBudget: number;
  #size: number;
  #lastSeq: number;
  #lastHash: string;
  #closing: Promise<void> | undefined;
  /** Set when a failed append could not be undone; the file's end is then unknown. */
  #unusable: Error | undefined;

  private constructor(init: {
    file: string;
    handle: FileHandle;
    size: number;
    lastSeq: number;
    lastHash: string;
    recovered: AuditRecovery | undefined;
    findIdsByteBudget: number;
  }) {
    this.file = init.file;
    this.#handle = init.handle;
    this.#size = init.size;
    this.#lastSeq = init.lastSeq;
    this.#lastHash = init.lastHash;
    this.recovered = init.recovered;
    this.#findIdsByteBudget = init.findIdsByteBudget;
  }

  static async open(options: JsonlAuditLogOptions): Promise<JsonlAuditLog> {
    const file = resolveFile(options);
    await mkdir(path.dirname(file), { recursive: true });
    const existed = await stat(file).then(
      () => true,
      (e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? false : Promise.reject(e)),
    );
    // a+: appends always land at the end (O_APPEND) and positional reads still work for the tail.
    const handle = await open(file, "a+", 0o600);
    try {
      if (!existed) await syncDirectory(path.dirname(file));
      let size = (await handle.stat()).size;
      const recovered = await cutIncompleteLastLine(handle, size);
      if (recovered) size = recovered.offset;
      const last = await readLastRecord(file, handle, size);
      return new JsonlAuditLog({
        file,
        handle,
        size,
        lastSeq: last?.seq ?? 0,
        lastHash: last?.hash ?? GENESIS_HASH,
        recovered,
        findIdsByteBudget: options.findIdsByteBudget ?? DEFAULT_FIND_IDS_BYTE_BUDGET,
      });
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  get lastHash(): string {
    return this.#lastHash;
  }

  append(entries: AuditEntry[]): Promise<AuditRecord[]> {
    // Checked at call time: appends queued before close() still run, later ones are refused.
    if (this.#closing) return Promise.reject(this.#closedError());
    return this.#mutex.run(async () => {
      this.#assertUsable();
      validateEntries(entries);
      if (entries.length === 0) return [];

      let seq = this.#lastSeq;
      let prevHash = this.#lastHash;
      const lines: string[] = [];
      for (const entry of entries) {
        const body = { ...withoutChainFields(entry), seq: ++seq, prevHash };
        const hash = recordHash(body);
        lines.push(canonicalJson({ ...body, hash }));
        prevHash = hash;
      }
      const bytes = Buffer.from(`${lines.join("\n")}\n`, "utf8");

      try {
        await writeAll(this.#handle, bytes);
        await this.#handle.datasync();
      } catch (e) {
        await this.#undoPartialAppend();
        throw e;
      }
      this.#size += bytes.length;
      this.#lastSeq = seq;
      this.#lastHash = prevHash;
      // Parsed back so callers get exactly what was stored (undefined fields gone, dates as strings).
      return lines.map((line) => JSON.parse(line) as AuditRecord);
    });
  }

  /**
   * Which of `ids` are in the log, looking back from the newest record. Ids not found within the
   * byte budget are reported as absent: this serves crash recovery of recent staged entries.
   */
  async findIds(ids: readonly string[]): Promise<Set<string>> {
    if (this.#closing) throw this.#closedError();
    const found = new Set<string>();
    const missing = new Set(ids);
    if (missing.size === 0) return found;
    await this.#mutex.idle();
    const end = this.#size;
    const reader = await open(this.file, "r");
    try {
      for await (const { bytes } of readLinesBackwards(reader, end, { maxBytes: this.#findIdsByteBudget })) {
        const id = idOf(bytes);
        if (id !== undefined && missing.delete(id)) {
          found.add(id);
          if (missing.size === 0) break;
        }
      }
    } finally {
      await reader.close();
    }
    return found;
  }

  /** Lets appends already queued finish, then closes the file. */
  close(): Promise<void> {
    this.#closing ??= this.#mutex.idle().then(() => this.#handle.close());
    return this.#closing;
  }

  /**
   * A failed write or fdatasync may have left part of the batch in the file. Cutting back to the
   * last acknowledged size keeps the chain continuous; if even that fails, refuse further appends
   * rather than chain onto an unknown end.
   */
  async #undoPartialAppend(): Promise<void> {
    try {
      await this.#handle.truncate(this.#size);
      await this.#handle.sync();
    } catch (e) {
      this.#unusable = e as Error;
    }
  }

  /** A programming error in shutdown ordering, not a condition users can act on. */
  #closedError(): Error {
    return new Error(`audit log ${this.file} is closed`);
  }

  #assertUsable(): void {
    if (this.#unusable) {
      throw new StorageError(
        ErrorCodes.AUDIT_CHAIN_BROKEN,
        `Audit log ${this.file} could not be restored after a failed append (${this.#unusable.message}); restart the process so it can recover the file.`,
        { file: this.file },
      );
    }
  }
}

export function openJsonlAuditLog(options: JsonlAuditLogOptions): Promise<JsonlAuditLog> {
  return JsonlAuditLog.open(options);
}

function resolveFile(options: JsonlAuditLogOptions): string {
  if (options.file) return path.resolve(options.file);
  if (options.dataDir) return path.resolve(options.dataDir, AUDIT_FILE_NAME);
  throw new ValidationError([{ field: "dataDir", message: "either dataDir or file is required" }]);
}

/** A crash during an append can leave a partial last line; everything before its start is complete. */
async function cutIncompleteLastLine(handle: FileHandle, size: number): Promise<AuditRecovery | undefined> {
  if (size === 0) return undefined;
  const [lastByte] = await readAt(handle, size - 1, 1);
  if (lastByte === 0x0a) return undefined;
  const offset = await endOfLastCompleteLine(handle, size);
  const dropped = await readAt(handle, offset, Math.min(size - offset, DROPPED_TEXT_LIMIT));
  await handle.truncate(offset);
  await handle.sync();
  return { offset, truncatedBytes: size - offset, droppedText: dropped.toString("utf8") };
}

async function readLastRecord(file: string, handle: FileHandle, end: number): Promise<{ seq: number; hash: string } | undefined> {
  for await (const { bytes, offset } of readLinesBackwards(handle, end)) {
    let record: { seq?: unknown; hash?: unknown } | undefined;
    try {
      record = JSON.parse(bytes.toString("utf8")) as typeof record;
    } catch {
      record = undefined;
    }
    if (typeof record?.seq === "number" && Number.isSafeInteger(record.seq) && record.seq > 0 && typeof record.hash === "string" && HASH_PATTERN.test(record.hash)) {
      return { seq: record.seq, hash: record.hash };
    }
    // Chaining onto a record we cannot read would hide the damage; refuse to start instead.
    throw new StorageError(
      ErrorCodes.AUDIT_CHAIN_BROKEN,
      `The last record of audit log ${file} (at byte ${offset}) is not a readable audit record, so new records cannot be chained to it. The file has been left untouched; run "pim audit verify --file ${file}" to locate the damage.`,
      { file, offset },
    );
  }
  return undefined;
}

function idOf(line: Buffer): string | undefined {
  try {
    const id = (JSON.parse(line.toString("utf8")) as { id?: unknown } | null)?.id;
    return typeof id === "string" ? id : undefined;
  } catch {
    // A damaged line is verify's business; it simply is not a match here.
    return undefined;
  }
}

function withoutChainFields(entry: AuditEntry): AuditEntry {
  const { seq: _seq, prevHash: _prevHash, hash: _hash, ...rest } = entry as AuditEntry & Partial<AuditRecord>;
  return rest;
}

function validateEntries(entries: readonly AuditEntry[]): void {
  const issues: FieldIssue[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry?.id !== "string" || entry.id === "") issues.push({ field: `entries[${i}].id`, message: "must be a non-empty string" });
    if (typeof entry?.at !== "string" || Number.isNaN(Date.parse(entry.at))) {
      issues.push({ field: `entries[${i}].at`, message: "must be an ISO 8601 timestamp" });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
    written += bytesWritten;
  }
}
