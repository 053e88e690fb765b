import type { CollectionName, Collections, DocMatcher } from "../../core/ports/store.js";

/** What every stored document has; the rest is the collection's own shape. */
export interface StoredDoc {
  id: string;
  version: number;
  [field: string]: unknown;
}

export type CollectionState = ReadonlyMap<string, StoredDoc>;

/**
 * The whole store as immutable maps keyed by collection name, then document id. Maps rather than
 * plain objects, so that ids such as `__proto__` or `constructor` are ordinary keys.
 * Documents in here are never handed out or mutated; readers get clones.
 */
export type StoreState = ReadonlyMap<string, CollectionState>;

/** Documents a commit writes, by collection then id; `null` means deleted. */
export type ChangeSet = Map<string, Map<string, StoredDoc | null>>;

export const EMPTY_STATE: StoreState = new Map();

export function storedVersion(state: StoreState, collection: string, id: string): number {
  return state.get(collection)?.get(id)?.version ?? 0;
}

export function readDoc<C extends CollectionName>(state: StoreState, collection: C, id: string): Collections[C] | undefined {
  const doc = state.get(collection)?.get(id);
  return doc === undefined ? undefined : (structuredClone(doc) as unknown as Collections[C]);
}

/** Shallow filter: every given top-level field must be `===` to the stored value. */
export function findDocs<C extends CollectionName>(
  state: StoreState,
  collection: C,
  where: Partial<Collections[C]> = {},
  matches?: DocMatcher<Collections[C]>,
): Collections[C][] {
  const criteria = Object.entries(where);
  const found: Collections[C][] = [];
  for (const doc of state.get(collection)?.values() ?? []) {
    if (criteria.every(([field, value]) => doc[field] === value) && (!matches || matches(doc as unknown as Collections[C]))) {
      found.push(structuredClone(doc) as unknown as Collections[C]);
    }
  }
  return found;
}

/** A new state with the changes applied; only the collections touched are copied. */
export function applyChanges(state: StoreState, changes: ChangeSet): StoreState {
  const next = new Map(state);
  for (const [collection, docs] of changes) {
    const copy = new Map(state.get(collection));
    for (const [id, doc] of docs) {
      if (doc === null) copy.delete(id);
      else copy.set(id, doc);
    }
    next.set(collection, copy);
  }
  return next;
}
