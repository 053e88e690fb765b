import { open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Adapter } from "lowdb";
import { ErrorCodes, StorageError } from "../../core/errors.js";

/** Per process, not per instance, so two adapters on one directory never share a temporary file. */
let tempFileCounter = 0;

export interface DurableJsonFileOptions {
  /** Permissions of the file when written; the store holds personal data, hence owner-only. */
  mode?: number;
}

/**
 * A lowdb adapter whose `write` has survived a crash once it resolves: it writes a temporary file in
 * the same directory, fsyncs it, renames it over the target and fsyncs the directory so the rename
 * itself is durable. lowdb's own steno writer renames without fsync, so after a power cut the file
 * may be empty or old even though the write was acknowledged.
 *
 * `read` returns null only when the file does not exist, and throws `StorageError` (STORE_CORRUPTED)
 * when it is not valid UTF-8 JSON or holds just `null`; it never repairs or replaces what it found.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly file: string;
  readonly #mode: number;

  constructor(file: string, options: DurableJsonFileOptions = {}) {
    this.file = path.resolve(file);
    this.#mode = options.mode ?? 0o600;
  }

  async read(): Promise<T | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    let text: string;
    try {
      // fatal: a lenient decoder would turn bad bytes into U+FFFD and the next write would persist that.
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw this.#corrupted("is not valid UTF-8 text");
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw this.#corrupted(bytes.length === 0 ? "is empty" : `is not valid JSON (${(e as Error).message})`);
    }
    // For lowdb null means "no file"; a file that says null is damage, not absence.
    if (parsed === null) throw this.#corrupted("contains only JSON null");
    return parsed as T;
  }

  async write(data: T): Promise<void> {
    const json = `${JSON.stringify(data)}\n`;
    const dir = path.dirname(this.file);
    // pid + counter: unique without randomness.
    const temp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${++tempFileCounter}.tmp`);
    try {
      const handle = await open(temp, "w", this.#mode);
      try {
        await handle.writeFile(json, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    await syncDirectory(dir);
  }

  #corrupted(what: string): StorageError {
    return new StorageError(
      ErrorCodes.STORE_CORRUPTED,
      `Store file ${this.file} ${what}. It has been left untouched; restore it from a backup or move it aside to start empty.`,
      { file: this.file },
    );
  }
}

/** Makes a rename or file creation in `dir` durable. Windows cannot open directories for fsync. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
