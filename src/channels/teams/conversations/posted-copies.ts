import { createHash } from "node:crypto";
import { ConflictError } from "../../../core/errors.js";
import type { Clock } from "../../../core/ports/clock.js";
import { put, remove, type PostedMessage, type Store } from "../../../core/ports/store.js";
import { postedCopyOf } from "../../shared/posted-subject.js";
import type { SubjectRef } from "../render/actions.js";
import { TEAMS_CHANNEL } from "./teams-conversations.js";

/** A claim older than this that never became a posted message was left by a process that died. */
const CLAIM_TIMEOUT_MS = 2 * 60_000;

export type CopyRecipient = { humanId: string } | { securityChannel: true };

/**
 * How a copy is rendered on refresh: `personal` for the recipient (their actions), `security` as the
 * security channel's copy, `shared` (a group chat or channel where someone asked) as the state with a
 * per-user refresh.
 */
export type CopyAudience = "personal" | "security" | "shared";

export interface CopyData {
  audience: CopyAudience;
  serviceUrl: string;
  tenantId?: string;
  /** Shown on top of the card every time it is re-rendered. */
  headline?: string;
  kind?: string;
  /** Digest of what was last sent, so a refresh that changes nothing costs no connector call. */
  digest?: string;
}

export interface TeamsCopy extends PostedMessage {
  data: CopyData & Record<string, unknown>;
}

export type Claim = { status: "claimed"; doc: TeamsCopy } | { status: "posted" } | { status: "in_flight" };

export function digestOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
}

function ignoreConflict(e: unknown): void {
  if (!(e instanceof ConflictError)) throw e;
}

/**
 * The cards the bot posted in Teams about requests and review items (`postedMessages`, channel "teams"),
 * so every copy is re-rendered after a change, and a notice is posted once even when the outbox retries
 * or the bot's own answer already showed it.
 */
export class TeamsPostedCopies {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Posted copies of one subject (claims still being posted are left out). */
  async forSubject(subject: SubjectRef): Promise<TeamsCopy[]> {
    return (await this.store.find("postedMessages", { channel: TEAMS_CHANNEL }, postedCopyOf(subject))) as TeamsCopy[];
  }

  async at(conversationId: string, messageId: string): Promise<TeamsCopy | undefined> {
    const [copy] = (await this.store.find("postedMessages", { channel: TEAMS_CHANNEL, conversationId, messageId })) as TeamsCopy[];
    return copy;
  }

  /**
   * Claims the one right to post `key` (compare-and-swap on a document with that id). Whoever comes
   * second (the outbox retrying, a notice racing the bot's own answer) finds it posted or in flight.
   */
  async claim(key: string, subject: SubjectRef, recipient: CopyRecipient, data: CopyData): Promise<Claim> {
    const id = `teams:notice:${key}`;
    const now = this.clock.now();
    const existing = await this.store.get("postedMessages", id);
    if (existing?.messageId) return { status: "posted" };
    if (existing && now.getTime() - Date.parse(existing.postedAt) < CLAIM_TIMEOUT_MS) return { status: "in_flight" };
    const doc: TeamsCopy = { id, version: existing?.version ?? 0, channel: TEAMS_CHANNEL, subject, recipient, conversationId: "", messageId: "", data: { ...data }, postedAt: now.toISOString() };
    try {
      await this.store.commit([put("postedMessages", doc)]);
    } catch (e) {
      ignoreConflict(e);
      return { status: "in_flight" };
    }
    return { status: "claimed", doc: { ...doc, version: doc.version + 1 } };
  }

  /** The claimed card went out: the claim becomes the copy. */
  async posted(claim: TeamsCopy, conversationId: string, messageId: string, digest: string): Promise<void> {
    await this.store.commit([put("postedMessages", { ...claim, conversationId, messageId, data: { ...claim.data, digest }, postedAt: this.clock.now().toISOString() })]);
  }

  /** Posting failed: give the claim back so a retry can post. */
  async release(claim: TeamsCopy): Promise<void> {
    await this.store.commit([remove("postedMessages", claim.id, claim.version)]).catch(ignoreConflict);
  }

  /** A copy posted without a claim (reminders repeat on purpose; a form card that became the request card). */
  async record(subject: SubjectRef, recipient: CopyRecipient, conversationId: string, messageId: string, data: CopyData): Promise<void> {
    const existing = await this.at(conversationId, messageId);
    const doc: TeamsCopy = {
      id: existing?.id ?? `teams:msg:${conversationId}:${messageId}`,
      version: existing?.version ?? 0,
      channel: TEAMS_CHANNEL,
      subject,
      recipient,
      conversationId,
      messageId,
      data: { ...data },
      postedAt: this.clock.now().toISOString(),
    };
    await this.store.commit([put("postedMessages", doc)]).catch(ignoreConflict);
  }

  /** Remembers what a copy now shows; losing to a concurrent refresh is fine, it wrote a newer render. */
  async rendered(copy: TeamsCopy, digest: string): Promise<void> {
    await this.store.commit([put("postedMessages", { ...copy, data: { ...copy.data, digest } })]).catch(ignoreConflict);
  }

  /** The message is gone from Teams (deleted, conversation removed): stop refreshing it. */
  async forget(copy: TeamsCopy): Promise<void> {
    await this.store.commit([remove("postedMessages", copy.id, copy.version)]).catch(ignoreConflict);
  }
}
