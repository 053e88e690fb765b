import { createHash } from "node:crypto";
import { ConflictError } from "../../core/errors.js";
import type { Clock } from "../../core/ports/clock.js";
import { put, remove, type DocMatcher, type PostedMessage, type Store } from "../../core/ports/store.js";

/** A claim older than this that never became a posted message was left by a process that died. */
const CLAIM_TIMEOUT_MS = 2 * 60_000;

/** What a posted message is about: a request or a review item. */
export type PostedSubject = { requestId: string } | { reviewItemId: string };

export type CopyRecipient = { humanId: string } | { securityChannel: true };

/** What every channel keeps about a copy: why it was sent and what it last showed. */
export interface CopyDataBase {
  /** Shown on top of the card every time it is re-rendered. */
  headline?: string;
  kind?: string;
  /** Digest of what was last sent, so a refresh that changes nothing costs no call to the chat service. */
  digest?: string;
}

/** A posted message whose `data` has the channel's shape. */
export type PostedCopy<D extends CopyDataBase> = PostedMessage & { data: D & Record<string, unknown> };

export type Claim<D extends CopyDataBase> = { status: "claimed"; doc: PostedCopy<D> } | { status: "posted" } | { status: "in_flight" };

export function digestOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
}

/** Matches the posted copies of one subject; claims still being posted (no message id yet) are left out. */
export function postedCopyOf(subject: PostedSubject): DocMatcher<PostedMessage> {
  return (m) => m.messageId !== "" && ("requestId" in subject ? m.subject.requestId === subject.requestId : m.subject.reviewItemId === subject.reviewItemId);
}

/** One key per subject, for queues that keep a subject's refreshes from interleaving. */
export function subjectKey(subject: PostedSubject): string {
  return "requestId" in subject ? `request:${subject.requestId}` : `review:${subject.reviewItemId}`;
}

/**
 * Re-renders copies side by side: they live in different chats, and each channel's limiter keeps one
 * chat in order. A failure `settled` accepts (copy gone, bot blocked) ends that copy; the first other one
 * is thrown so the outbox retries the job, and copies already up to date are then skipped by digest.
 */
export async function refreshCopies<C>(copies: readonly C[], refresh: (copy: C) => Promise<void>, settled: (copy: C, error: unknown) => Promise<boolean>): Promise<void> {
  const failures = await Promise.all(copies.map((copy) => refresh(copy).then(() => [], async (error: unknown) => ((await settled(copy, error)) ? [] : [error]))));
  const transient = failures.flat();
  if (transient.length > 0) throw transient[0];
}

function ignoreConflict(e: unknown): void {
  if (!(e instanceof ConflictError)) throw e;
}

/**
 * The messages a channel posted about requests and review items (the store's `postedMessages`, one
 * `channel` each), so every copy is re-rendered after a change, and a notice is posted once even when the
 * outbox retries or the bot's own answer already showed it.
 */
export class PostedCopies<D extends CopyDataBase> {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly channel: string,
  ) {}

  /** Posted copies of one subject (claims still being posted are left out). */
  async forSubject(subject: PostedSubject): Promise<PostedCopy<D>[]> {
    return (await this.store.find("postedMessages", { channel: this.channel }, postedCopyOf(subject))) as PostedCopy<D>[];
  }

  async at(conversationId: string, messageId: string): Promise<PostedCopy<D> | undefined> {
    const [copy] = await this.store.find("postedMessages", { channel: this.channel, conversationId, messageId });
    return copy as PostedCopy<D> | undefined;
  }

  /**
   * Claims the one right to post `key` (compare-and-swap on a document with that id). Whoever comes
   * second (the outbox retrying, a notice racing the bot's own answer) finds it posted or in flight.
   */
  async claim(key: string, subject: PostedSubject, recipient: CopyRecipient, data: D): Promise<Claim<D>> {
    const id = `${this.channel}:notice:${key}`;
    const now = this.clock.now();
    const existing = await this.store.get("postedMessages", id);
    if (existing?.messageId) return { status: "posted" };
    if (existing && now.getTime() - Date.parse(existing.postedAt) < CLAIM_TIMEOUT_MS) return { status: "in_flight" };
    const doc = this.doc(id, existing?.version ?? 0, subject, recipient, "", "", data);
    try {
      await this.store.commit([put("postedMessages", doc)]);
    } catch (e) {
      ignoreConflict(e);
      return { status: "in_flight" };
    }
    return { status: "claimed", doc: { ...doc, version: doc.version + 1 } };
  }

  /** The claimed message went out: the claim becomes the copy. */
  async posted(claim: PostedCopy<D>, conversationId: string, messageId: string, digest: string): Promise<void> {
    await this.store.commit([put("postedMessages", { ...claim, conversationId, messageId, data: { ...claim.data, digest }, postedAt: this.clock.now().toISOString() })]);
  }

  /** Posting failed: give the claim back so a retry can post. */
  async release(claim: PostedCopy<D>): Promise<void> {
    await this.store.commit([remove("postedMessages", claim.id, claim.version)]).catch(ignoreConflict);
  }

  /** A copy posted without a claim (reminders repeat on purpose; a form that became the request's card). */
  async record(subject: PostedSubject, recipient: CopyRecipient, conversationId: string, messageId: string, data: D): Promise<void> {
    const existing = await this.at(conversationId, messageId);
    const doc = this.doc(existing?.id ?? `${this.channel}:msg:${conversationId}:${messageId}`, existing?.version ?? 0, subject, recipient, conversationId, messageId, data);
    await this.store.commit([put("postedMessages", doc)]).catch(ignoreConflict);
  }

  /** Remembers what a copy now shows; losing to a concurrent refresh is fine, it wrote a newer render. */
  async rendered(copy: PostedCopy<D>, digest: string): Promise<void> {
    await this.store.commit([put("postedMessages", { ...copy, data: { ...copy.data, digest } })]).catch(ignoreConflict);
  }

  /** The message is gone from the chat service (deleted, conversation removed): stop refreshing it. */
  async forget(copy: PostedCopy<D>): Promise<void> {
    await this.store.commit([remove("postedMessages", copy.id, copy.version)]).catch(ignoreConflict);
  }

  private doc(id: string, version: number, subject: PostedSubject, recipient: CopyRecipient, conversationId: string, messageId: string, data: D): PostedCopy<D> {
    return { id, version, channel: this.channel, subject, recipient, conversationId, messageId, data: { ...data } as PostedCopy<D>["data"], postedAt: this.clock.now().toISOString() };
  }
}
