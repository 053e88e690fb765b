import type { CollectionName, Collections, DocMatcher, Store, WriteOp } from "../../core/ports/store.js";
import { planCommit } from "./plan-commit.js";
import { applyChanges, EMPTY_STATE, findDocs, readDoc, type StoreState } from "./store-state.js";

/**
 * Store for tests and demos. Same semantics as the durable store: copies in and out, and commits
 * that either apply entirely or not at all. A commit runs synchronously once called, which is what
 * makes concurrent commits on one version resolve to exactly one winner.
 */
export class MemoryStore implements Store {
  #state: StoreState = EMPTY_STATE;
  #closed = false;

  async get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | undefined> {
    this.#assertOpen();
    return readDoc(this.#state, collection, id);
  }

  async find<C extends CollectionName>(collection: C, where?: Partial<Collections[C]>, matches?: DocMatcher<Collections[C]>): Promise<Collections[C][]> {
    this.#assertOpen();
    return findDocs(this.#state, collection, where, matches);
  }

  async commit(ops: WriteOp[]): Promise<void> {
    this.#assertOpen();
    this.#state = applyChanges(this.#state, planCommit(this.#state, ops));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    // A programming error in shutdown ordering, not a condition users can act on.
    if (this.#closed) throw new Error("MemoryStore is closed");
  }
}

export function createMemoryStore(): Store {
  return new MemoryStore();
}
