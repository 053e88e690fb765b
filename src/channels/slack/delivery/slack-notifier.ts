import type { PostedMessage } from "../../../core/ports/store.js";
import { DeliveryError, isPimError, NotFoundError } from "../../../core/errors.js";
import type { Logger } from "../../../core/ports/logger.js";
import type { DeliveryReport, Notice } from "../../../core/ports/notifier.js";
import type { ChannelNotifier } from "../../../runtime/fanout-notifier.js";
import type { SlackDirectory } from "../identity/slack-directory.js";
import type { SubjectRef } from "../payloads/action-value.js";
import { textMessage } from "../render/reply-message.js";
import type { RateLimitedSlackClient } from "../transport/rate-limit.js";
import type { CopyRenderer } from "./copy-renderer.js";
import { KeyedQueue } from "../../shared/keyed-queue.js";
import { refreshCopies, subjectKey } from "../../shared/posted-copies.js";
import { dataOf, digestOf, SLACK_CHANNEL, type PostedCopies, type Recipient } from "./posted-copies.js";
import type { SecurityChannels } from "./security-channels.js";

export interface SlackNotifierOptions {
  client: Pick<RateLimitedSlackClient, "postMessage" | "update">;
  directory: SlackDirectory;
  copies: PostedCopies;
  renderer: CopyRenderer;
  security: SecurityChannels;
  logger: Logger;
  /** Waits between looks at a copy someone else is posting; injected so tests need not spend it. */
  sleep?: (ms: number) => Promise<void>;
}

/** Another poster usually finishes within a second; after this long the outbox's retry takes over. */
const IN_FLIGHT_LOOKS = 10;
const IN_FLIGHT_WAIT_MS = 150;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface CopyToPost {
  subject: SubjectRef;
  recipient: Recipient;
  channel: string;
  headline: string;
  kind: string;
}

/** Slack errors meaning the posted message is gone for good: stop refreshing that copy. */
const GONE = new Set(["message_not_found", "channel_not_found", "is_archived", "cant_update_message", "edit_window_closed"]);

/**
 * Reminders repeat with the same words on purpose; every other notice is one event, so posting it
 * twice (an outbox retry, or the bot's own answer already showing it) must not happen.
 */
const REPEATS: ReadonlySet<string> = new Set(["approval_reminder"]);

function subjectOfNotice(notice: Notice): SubjectRef | undefined {
  if (notice.requestId) return { requestId: notice.requestId };
  if (notice.reviewItemId) return { reviewItemId: notice.reviewItemId };
  return undefined;
}

function recipientOf(copy: PostedMessage): Recipient | undefined {
  if (copy.recipient.securityChannel) return { securityChannel: true };
  return copy.recipient.humanId ? { humanId: copy.recipient.humanId } : undefined;
}

function failed(error: unknown): DeliveryReport {
  const message = error instanceof Error ? error.message : String(error);
  // A subject that no longer exists will not appear on a retry either.
  const permanent = error instanceof DeliveryError ? error.permanent : error instanceof NotFoundError;
  return { delivered: false, channels: [], reason: message, permanent };
}

/**
 * Delivers the core's notices as Slack DMs (and to the security channel), records every posted copy,
 * and re-renders all copies of a request or review item after a change (chat.update).
 */
export class SlackNotifier implements ChannelNotifier {
  readonly channel = SLACK_CHANNEL;
  private readonly queue = new KeyedQueue();

  constructor(private readonly o: SlackNotifierOptions) {}

  async deliver(notice: Notice): Promise<DeliveryReport> {
    try {
      if (notice.to.type === "securityChannel") return await this.toSecurityChannels(notice);
      const userId = await this.o.directory.slackUserFor(notice.to.humanId);
      if (!userId) return { delivered: false, channels: [], permanent: true, reason: `${notice.to.humanId} has no active Slack account with their email` };
      const channel = await this.o.directory.dmChannelFor(userId);
      return await this.deliverTo(notice, channel, { humanId: notice.to.humanId });
    } catch (error) {
      this.o.logger.warn({ err: error, kind: notice.kind }, "Slack could not deliver a notice");
      return failed(error);
    }
  }

  refreshRequest(requestId: string): Promise<void> {
    return this.refresh({ requestId });
  }

  refreshReview(reviewItemId: string): Promise<void> {
    return this.refresh({ reviewItemId });
  }

  /**
   * Posts a copy once per (kind, subject, recipient, channel, headline). "already" and "in_flight"
   * mean someone else posted or is posting it.
   */
  async postCopyOnce(copy: CopyToPost): Promise<"posted" | "already" | "in_flight"> {
    const message = await this.o.renderer.render(copy.subject, copy.recipient, copy.headline);
    const key = digestOf([copy.kind, copy.subject, copy.recipient, copy.channel, copy.headline]);
    const data = { headline: copy.headline, kind: copy.kind };
    let claim = await this.o.copies.claim(key, copy.subject, copy.recipient, data);
    // Someone is posting it right now (typically the bot's own answer racing the core's notice):
    // wait for them, and take over if they give it back.
    for (let look = 1; claim.status === "in_flight" && look <= IN_FLIGHT_LOOKS; look++) {
      await (this.o.sleep ?? realSleep)(IN_FLIGHT_WAIT_MS);
      claim = await this.o.copies.claim(key, copy.subject, copy.recipient, data);
    }
    if (claim.status !== "claimed") return claim.status === "posted" ? "already" : "in_flight";
    let res;
    try {
      res = await this.o.client.postMessage({ channel: copy.channel, text: message.text, blocks: message.blocks, metadata: message.metadata });
    } catch (error) {
      await this.o.copies.release(claim.doc);
      throw error;
    }
    await this.o.copies.posted(claim.doc, res.channel ?? copy.channel, res.ts ?? "", digestOf(message));
    return "posted";
  }

  private async deliverTo(notice: Notice, channel: string, recipient: Recipient): Promise<DeliveryReport> {
    const subject = subjectOfNotice(notice);
    if (!subject) {
      const message = textMessage(notice.headline);
      await this.o.client.postMessage({ channel, text: message.text, blocks: message.blocks });
      return { delivered: true, channels: [SLACK_CHANNEL] };
    }
    const copy = { subject, recipient, channel, headline: notice.headline, kind: notice.kind };
    if (REPEATS.has(notice.kind)) {
      const message = await this.o.renderer.render(subject, recipient, notice.headline);
      const res = await this.o.client.postMessage({ channel, text: message.text, blocks: message.blocks, metadata: message.metadata });
      await this.o.copies.record(subject, recipient, res.channel ?? channel, res.ts ?? "", { headline: notice.headline, kind: notice.kind, digest: digestOf(message) });
      return { delivered: true, channels: [SLACK_CHANNEL] };
    }
    const outcome = await this.postCopyOnce(copy);
    // In flight: another worker or the bot's own answer is posting it; a retry will find it posted.
    if (outcome === "in_flight") return { delivered: false, channels: [], permanent: false, reason: "the same message is being posted right now" };
    return { delivered: true, channels: [SLACK_CHANNEL] };
  }

  private async toSecurityChannels(notice: Notice): Promise<DeliveryReport> {
    const channels = await this.o.security.list();
    if (channels.length === 0) return { delivered: false, channels: [], permanent: true, reason: "no Slack security channel is configured (SLACK_SECURITY_CHANNEL)" };
    const reports = await Promise.all(
      channels.map((channel) =>
        this.deliverTo(notice, channel, { securityChannel: true }).catch((error: unknown) => {
          this.o.logger.warn({ err: error, channel, kind: notice.kind }, "Slack could not post to a security channel");
          return failed(error);
        }),
      ),
    );
    if (reports.some((r) => r.delivered)) return { delivered: true, channels: [SLACK_CHANNEL] };
    return { delivered: false, channels: [], permanent: reports.every((r) => r.permanent), reason: reports.map((r) => r.reason).join("; ") };
  }

  /** Re-renders every posted copy of a subject for its recipient; unchanged copies cost nothing. */
  refresh(subject: SubjectRef): Promise<void> {
    return this.queue.run(subjectKey(subject), async () =>
      refreshCopies(await this.o.copies.forSubject(subject), (copy) => this.refreshCopy(subject, copy), (copy, error) => this.settledFailure(copy, error)),
    );
  }

  private async refreshCopy(subject: SubjectRef, copy: PostedMessage): Promise<void> {
    const recipient = recipientOf(copy);
    if (!recipient) return;
    const data = dataOf(copy);
    const message = await this.o.renderer.render(subject, recipient, data.headline);
    const digest = digestOf(message);
    if (data.digest === digest) return;
    await this.o.client.update({ channel: copy.conversationId, ts: copy.messageId, text: message.text, blocks: message.blocks, metadata: message.metadata });
    await this.o.copies.rendered(copy, digest);
  }

  /** True when retrying cannot help: the copy is dropped (gone) or left as it is (logged). */
  private async settledFailure(copy: PostedMessage, error: unknown): Promise<boolean> {
    if (!(error instanceof DeliveryError) || !error.permanent) return false;
    const slackError = error.details.slackError;
    if (typeof slackError === "string" && GONE.has(slackError)) {
      this.o.logger.info({ copy: copy.id, slackError }, "a posted Slack copy is gone; no longer refreshing it");
      await this.o.copies.forget(copy);
      return true;
    }
    this.o.logger.error({ err: error, copy: copy.id, code: isPimError(error) ? error.code : undefined }, "Slack refused to update a posted copy");
    return true;
  }
}
