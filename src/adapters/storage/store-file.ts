import { z } from "zod/v4";
import { ErrorCodes, StorageError } from "../../core/errors.js";
import type { CollectionState, StoredDoc, StoreState } from "./store-state.js";

export const STORE_SCHEMA_VERSION = 1;

/** The JSON document the lowdb store persists. */
export interface StoreFile {
  schemaVersion: typeof STORE_SCHEMA_VERSION;
  collections: Record<string, Record<string, StoredDoc>>;
}

const storedDocSchema = z.looseObject({
  id: z.string().min(1),
  version: z.number().int().min(1),
});

const storeFileSchema = z.object({
  schemaVersion: z.literal(STORE_SCHEMA_VERSION),
  collections: z.record(z.string(), z.record(z.string(), storedDocSchema)),
});

/**
 * Turns what was read from `file` into store state, or throws STORE_CORRUPTED saying what is wrong.
 * Collections this version does not know are kept, so that nothing read is lost on the next write.
 */
export function stateFromFile(file: string, raw: unknown): StoreState {
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw) && version !== STORE_SCHEMA_VERSION) {
    throw corrupted(file, `has schemaVersion ${JSON.stringify(version) ?? "(missing)"}; this version reads schemaVersion ${STORE_SCHEMA_VERSION} only`);
  }
  const parsed = storeFileSchema.safeParse(raw);
  if (!parsed.success) throw corrupted(file, `does not have the expected shape:\n${z.prettifyError(parsed.error)}`);

  // Build from the raw object rather than zod's output, whose key handling we do not control.
  const collections = (raw as StoreFile).collections;
  const state = new Map<string, CollectionState>();
  for (const [name, docs] of Object.entries(collections)) {
    const collection = new Map<string, StoredDoc>();
    for (const [id, doc] of Object.entries(docs)) {
      if (doc.id !== id) throw corrupted(file, `holds ${name}/${id} whose id field is "${doc.id}"`);
      collection.set(id, doc);
    }
    state.set(name, collection);
  }
  return state;
}

export function fileFromState(state: StoreState): StoreFile {
  const collections: Record<string, Record<string, StoredDoc>> = {};
  for (const [name, docs] of state) {
    // fromEntries defines own properties, so an id like "__proto__" stays data.
    Object.defineProperty(collections, name, { value: Object.fromEntries(docs), enumerable: true, writable: true, configurable: true });
  }
  return { schemaVersion: STORE_SCHEMA_VERSION, collections };
}

function corrupted(file: string, what: string): StorageError {
  return new StorageError(
    ErrorCodes.STORE_CORRUPTED,
    `Store file ${file} ${what}. It has been left untouched; restore it from a backup or move it aside to start empty.`,
    { file },
  );
}
