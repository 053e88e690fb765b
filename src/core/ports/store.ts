import type { Entitlement } from "../domain/entitlement.js";
import type { Grant } from "../domain/grant.js";
import type { Human, Identity } from "../domain/identity.js";
import type { AccessRequest } from "../domain/request.js";
import type { ReviewItem } from "../domain/review.js";
import type { AuditEntry } from "./audit.js";
import type { OutboxJob } from "./outbox.js";

/** Audit entries committed with the state change they describe, until the audit log has them. */
export interface StagedAudit {
  id: string;
  version: number;
  entry: AuditEntry;
}

/** Where a channel can reach a person or channel later (Teams conversation reference, Slack channel id). */
export interface ConversationRecord {
  id: string;
  version: number;
  channel: string;
  humanId?: string;
  /** Set for the security channel registration. */
  purpose: "personal" | "security";
  data: Record<string, unknown>;
  updatedAt: string;
}

/** A message a channel posted about a request or review item, so every copy can be re-rendered. */
export interface PostedMessage {
  id: string;
  version: number;
  channel: string;
  subject: { requestId?: string; reviewItemId?: string };
  recipient: { humanId?: string; securityChannel?: boolean };
  conversationId: string;
  messageId: string;
  data: Record<string, unknown>;
  postedAt: string;
}

/** Small key/value facts the runtime keeps (schema version, last catalogue sync, …). */
export interface MetaDoc {
  id: string;
  version: number;
  value: unknown;
}

export interface Collections {
  humans: Human;
  identities: Identity;
  entitlements: Entitlement;
  requests: AccessRequest;
  grants: Grant;
  reviews: ReviewItem;
  outbox: OutboxJob;
  auditStaging: StagedAudit;
  conversations: ConversationRecord;
  postedMessages: PostedMessage;
  meta: MetaDoc;
}
export type CollectionName = keyof Collections;
export const COLLECTION_NAMES: readonly CollectionName[] = [
  "humans",
  "identities",
  "entitlements",
  "requests",
  "grants",
  "reviews",
  "outbox",
  "auditStaging",
  "conversations",
  "postedMessages",
  "meta",
];

/**
 * `put` writes `doc` if the stored version still equals `doc.version` (0 = must not exist yet) and
 * stores it with version + 1. `force` skips the check (catalogue sync, seeding).
 */
export type WriteOp = {
  [C in CollectionName]:
    | { type: "put"; collection: C; doc: Collections[C]; force?: boolean }
    | { type: "delete"; collection: C; id: string; expectedVersion?: number };
}[CollectionName];

export type DocMatcher<T> = (doc: Readonly<T>) => boolean;

export interface Store {
  get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | undefined>;
  /**
   * Documents whose top-level fields equal every given value (shallow) and, when given, that `matches`
   * accepts. Only what is returned is copied, so a narrow `matches` keeps a scan of a large collection cheap;
   * `matches` sees the stored document and must not change it.
   */
  find<C extends CollectionName>(collection: C, where?: Partial<Collections[C]>, matches?: DocMatcher<Collections[C]>): Promise<Collections[C][]>;
  /** All or nothing. Throws `ConflictError` (code CONFLICT) when any version check fails; nothing is written then. */
  commit(ops: WriteOp[]): Promise<void>;
  close(): Promise<void>;
}

export function put<C extends CollectionName>(collection: C, doc: Collections[C], force = false): WriteOp {
  return { type: "put", collection, doc, force } as WriteOp;
}

export function remove<C extends CollectionName>(collection: C, id: string, expectedVersion?: number): WriteOp {
  return { type: "delete", collection, id, expectedVersion } as WriteOp;
}
