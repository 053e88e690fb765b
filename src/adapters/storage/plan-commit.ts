import { ConflictError, ErrorCodes, ValidationError, type FieldIssue } from "../../core/errors.js";
import { COLLECTION_NAMES, type WriteOp } from "../../core/ports/store.js";
import { storedVersion, type ChangeSet, type StoredDoc, type StoreState } from "./store-state.js";

/**
 * Checks every operation of a commit against `state` and returns what it would write, without
 * writing anything. Operations apply in order, so a later op sees the effect of an earlier one on
 * the same document. Throws `ConflictError` (CONFLICT) on the first failed version check, which is
 * what makes a commit all-or-nothing for every store built on this.
 */
export function planCommit(state: StoreState, ops: readonly WriteOp[]): ChangeSet {
  validateOps(ops);
  const changes: ChangeSet = new Map();
  const versionOf = (collection: string, id: string): number => {
    const pending = changes.get(collection)?.get(id);
    if (pending !== undefined) return pending === null ? 0 : pending.version;
    return storedVersion(state, collection, id);
  };
  const stage = (collection: string, id: string, doc: StoredDoc | null): void => {
    let docs = changes.get(collection);
    if (!docs) changes.set(collection, (docs = new Map()));
    docs.set(id, doc);
  };

  ops.forEach((op, index) => {
    if (op.type === "put") {
      const { id, version } = op.doc;
      const actual = versionOf(op.collection, id);
      if (!op.force && actual !== version) throw conflict(op.collection, id, version, actual, index);
      const nextVersion = op.force ? actual + 1 : version + 1;
      stage(op.collection, id, { ...toPlainData(op.doc), id, version: nextVersion });
    } else {
      const actual = versionOf(op.collection, op.id);
      if (op.expectedVersion !== undefined && actual !== op.expectedVersion) {
        throw conflict(op.collection, op.id, op.expectedVersion, actual, index);
      }
      if (actual !== 0) stage(op.collection, op.id, null);
    }
  });
  return changes;
}

function conflict(collection: string, id: string, expected: number, actual: number, opIndex: number): ConflictError {
  const found = actual === 0 ? "it does not exist" : `it is at version ${actual}`;
  const wanted = expected === 0 ? "not to exist yet" : `to be at version ${expected}`;
  return new ConflictError(
    ErrorCodes.CONFLICT,
    `${collection}/${id} changed since it was read: expected it ${wanted}, but ${found}. Nothing was written; reload and retry.`,
    { collection, id, expected, actual, opIndex },
  );
}

/**
 * Stores hold JSON, so a document is normalised the way a JSON file would persist it (Dates become
 * strings, undefined fields disappear). The in-memory store then behaves exactly like the durable
 * one, and the caller's object is never shared with the store.
 */
function toPlainData(doc: object): StoredDoc {
  return JSON.parse(JSON.stringify(doc)) as StoredDoc;
}

const KNOWN_COLLECTIONS: ReadonlySet<string> = new Set(COLLECTION_NAMES);

function validateOps(ops: readonly WriteOp[]): void {
  const issues: FieldIssue[] = [];
  if (!Array.isArray(ops)) {
    throw new ValidationError([{ field: "ops", message: "must be an array of write operations" }]);
  }
  ops.forEach((op, i) => {
    const at = `ops[${i}]`;
    if (!KNOWN_COLLECTIONS.has(op.collection)) {
      issues.push({ field: `${at}.collection`, message: `unknown collection "${String(op.collection)}"` });
    }
    if (op.type === "put") {
      const doc = op.doc as Partial<StoredDoc> | undefined;
      if (typeof doc?.id !== "string" || doc.id === "") {
        issues.push({ field: `${at}.doc.id`, message: "must be a non-empty string" });
      }
      if (!isVersion(doc?.version)) {
        issues.push({ field: `${at}.doc.version`, message: "must be a whole number ≥ 0 (0 = new document)" });
      }
    } else if (op.type === "delete") {
      if (typeof op.id !== "string" || op.id === "") issues.push({ field: `${at}.id`, message: "must be a non-empty string" });
      if (op.expectedVersion !== undefined && !isVersion(op.expectedVersion)) {
        issues.push({ field: `${at}.expectedVersion`, message: "must be a whole number ≥ 0" });
      }
    } else {
      issues.push({ field: `${at}.type`, message: 'must be "put" or "delete"' });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
}

function isVersion(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}
