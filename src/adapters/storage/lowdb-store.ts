import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Low } from "lowdb";
import type { CollectionName, Collections, DocMatcher, Store, WriteOp } from "../../core/ports/store.js";
import { DurableJsonFile } from "./durable-json-file.js";
import { Mutex } from "./mutex.js";
import { planCommit } from "./plan-commit.js";
import { fileFromState, stateFromFile, type StoreFile } from "./store-file.js";
import { applyChanges, EMPTY_STATE, findDocs, readDoc, type StoreState } from "./store-state.js";

export const STORE_FILE_NAME = "pim-store.json";

export interface LowdbStoreOptions {
  /** Directory of `pim-store.json`; created when missing. */
  dataDir: string;
}

/**
 * The embedded single-instance store: one JSON document rewritten durably on every commit.
 * Readers see only acknowledged state: a commit is planned on the current state, written, and only
 * then becomes visible. A failed write leaves memory and disk as they were.
 */
export class LowdbStore implements Store {
  readonly file: string;
  readonly #db: Low<StoreFile | null>;
  readonly #mutex = new Mutex();
  #state: StoreState;
  #closed = false;

  private constructor(file: string, db: Low<StoreFile | null>, state: StoreState) {
    this.file = file;
    this.#db = db;
    this.#state = state;
  }

  static async open(options: LowdbStoreOptions): Promise<LowdbStore> {
    const dataDir = path.resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, STORE_FILE_NAME);
    const adapter = new DurableJsonFile<StoreFile | null>(file);
    // Not db.read(): lowdb ignores falsy content (null, 0, false, ""), and a file it ignores would be
    // overwritten by the next commit. Whatever the file holds must pass validation first.
    const raw = await adapter.read();
    const state = raw === null ? EMPTY_STATE : stateFromFile(file, raw);
    const db = new Low<StoreFile | null>(adapter, raw === null ? null : fileFromState(state));
    return new LowdbStore(file, db, state);
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | undefined> {
    this.#assertOpen();
    return readDoc(this.#state, collection, id);
  }

  async find<C extends CollectionName>(collection: C, where?: Partial<Collections[C]>, matches?: DocMatcher<Collections[C]>): Promise<Collections[C][]> {
    this.#assertOpen();
    return findDocs(this.#state, collection, where, matches);
  }

  commit(ops: WriteOp[]): Promise<void> {
    return this.#mutex.run(async () => {
      this.#assertOpen();
      const changes = planCommit(this.#state, ops);
      if (changes.size === 0) return;
      const next = applyChanges(this.#state, changes);
      const previous = this.#db.data;
      this.#db.data = fileFromState(next);
      try {
        await this.#db.write();
      } catch (e) {
        this.#db.data = previous;
        throw e;
      }
      this.#state = next;
    });
  }

  /** Waits for commits already queued, then refuses further use. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#mutex.idle();
    this.#closed = true;
  }

  #assertOpen(): void {
    // A programming error in shutdown ordering, not a condition users can act on.
    if (this.#closed) throw new Error(`LowdbStore ${this.file} is closed`);
  }
}

export function openLowdbStore(options: LowdbStoreOptions): Promise<LowdbStore> {
  return LowdbStore.open(options);
}
