import { createHash } from "node:crypto";
import { ConflictError } from "../../../core/errors.js";
import type { Clock } from "../../../core/ports/clock.js";
import { put, remove, type PostedMessage, type Store } from "../../../core/ports/store.js";
import { postedCopyOf } from "../../shared/posted-subject.js";
import type { SubjectRef } from "../payloads/action-value.js";

export const SLACK_CHANNEL = "slack";

/** A claim older than this without a posted message is taken to be from a process that died. */
const CLAIM_TIMEOUT_MS = 2 * 60_000;

export type Recipient = { humanId: string } | { securityChannel: true };

export interface CopyData {
  /** Why this copy was sent; shown on top of the card every time it is re-rendered. */
  headline?: string;
  kind?: string;
  /** Digest of what was last sent, so a refresh that changes nothing costs no chat.update. */
  digest?: string;
}

export type Claim = { status: "claimed"; doc: PostedMessage } | { status: "posted" } | { status: "in_flight" };

export function digestOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
}

export function dataOf(copy: PostedMessage): CopyData {
  return copy.data as CopyData;
}

function isConflict(e: unknown): boolean {
  return e instanceof ConflictError;
}

/**
 * The Slack messages the bot posted about requests and review items (the store's `postedMessages`,
 * channel "slack"), so every copy can be re-rendered after a change and a notice is posted only once.
 */
export class PostedCopies {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  /** Posted copies of one subject (claims still being posted are left out). */
  async forSubject(subject: SubjectRef): Promise<PostedMessage[]> {
    return this.store.find("postedMessages", { channel: SLACK_CHANNEL }, postedCopyOf(subject));
  }

  async at(conversationId: string, messageId: string): Promise<PostedMessage | undefined> {
    const [copy] = await this.store.find("postedMessages", { channel: SLACK_CHANNEL, conversationId, messageId });
    return copy;
  }

  /**
   * Claims the one right to post `key` (compare-and-swap on a document with that id): the outbox
   * retrying a job, or a notice racing the bot's own answer, then finds it posted or in flight.
   */
  async claim(key: string, subject: SubjectRef, recipient: Recipient, data: CopyData): Promise<Claim> {
    const id = `slack:notice:${key}`;
    const now = this.clock.now();
    const existing = await this.store.get("postedMessages", id);
    if (existing?.messageId) return { status: "posted" };
    if (existing && now.getTime() - Date.parse(existing.postedAt) < CLAIM_TIMEOUT_MS) return { status: "in_flight" };
    const doc: PostedMessage = {
      id,
      version: existing?.version ?? 0,
      channel: SLACK_CHANNEL,
      subject,
      recipient,
      conversationId: "",
      messageId: "",
      data: { ...data },
      postedAt: now.toISOString(),
    };
    try {
      await this.store.commit([put("postedMessages", doc)]);
    } catch (e) {
      if (isConflict(e)) return { status: "in_flight" };
      throw e;
    }
    return { status: "claimed", doc: { ...doc, version: doc.version + 1 } };
  }

  /** The claimed notice was posted: the claim becomes the copy. */
  async posted(claim: PostedMessage, conversationId: string, messageId: string, digest: string): Promise<void> {
    await this.store.commit([put("postedMessages", { ...claim, conversationId, messageId, data: { ...claim.data, digest }, postedAt: this.clock.now().toISOString() })]);
  }

  /** Posting failed: give the claim back so a retry can post. */
  async release(claim: PostedMessage): Promise<void> {
    await this.store.commit([remove("postedMessages", claim.id, claim.version)]).catch((e: unknown) => {
      if (!isConflict(e)) throw e;
    });
  }

  /** A copy posted without a claim (reminders, which repeat on purpose). */
  async record(subject: SubjectRef, recipient: Recipient, conversationId: string, messageId: string, data: CopyData): Promise<void> {
    const doc: PostedMessage = {
      id: `slack:msg:${conversationId}:${messageId}`,
      version: 0,
      channel: SLACK_CHANNEL,
      subject,
      recipient,
      conversationId,
      messageId,
      data: { ...data },
      postedAt: this.clock.now().toISOString(),
    };
    await this.store.commit([put("postedMessages", doc)]);
  }

  /** Remembers what a copy now shows; losing the race to another refresh is fine, it wrote a newer render. */
  async rendered(copy: PostedMessage, digest: string): Promise<void> {
    await this.store.commit([put("postedMessages", { ...copy, data: { ...copy.data, digest } })]).catch((e: unknown) => {
      if (!isConflict(e)) throw e;
    });
  }

  /** The message is gone from Slack (deleted, channel archived): stop refreshing it. */
  async forget(copy: PostedMessage): Promise<void> {
    await this.store.commit([remove("postedMessages", copy.id, copy.version)]).catch((e: unknown) => {
      if (!isConflict(e)) throw e;
    });
  }
}
