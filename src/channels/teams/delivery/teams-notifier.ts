import { DeliveryError, NotFoundError } from "../../../core/errors.js";
import type { Logger } from "../../../core/ports/logger.js";
import type { DeliveryReport, Notice } from "../../../core/ports/notifier.js";
import type { ChannelNotifier } from "../../../runtime/fanout-notifier.js";
import { describeDeliveryFailure } from "../connector/delivery-failure.js";
import { digestOf, type CopyAudience, type CopyRecipient, type TeamsCopy, type TeamsPostedCopies } from "../conversations/posted-copies.js";
import { TEAMS_CHANNEL, type TeamsConversations } from "../conversations/teams-conversations.js";
import type { SubjectRef } from "../render/actions.js";
import { renderTextCard } from "../render/text-card.js";
import { cardActivity } from "./card-activity.js";
import type { CopyRenderer } from "./copy-renderer.js";
import { KeyedQueue } from "../../shared/keyed-queue.js";
import { refreshCopies, subjectKey } from "../../shared/posted-copies.js";
import type { PersonalChats } from "./personal-chats.js";
import type { TeamsSender, TeamsTarget } from "./teams-sender.js";

export interface TeamsNotifierOptions {
  chats: Pick<PersonalChats, "targetFor">;
  conversations: Pick<TeamsConversations, "securityChannels">;
  copies: TeamsPostedCopies;
  renderer: Pick<CopyRenderer, "forCopy">;
  sender: Pick<TeamsSender, "send" | "update">;
  logger: Logger;
}

export interface CopyToPost {
  subject: SubjectRef;
  recipient: CopyRecipient;
  audience: CopyAudience;
  headline: string;
  kind: string;
}

/** Reminders repeat with the same words on purpose; any other notice is one event and is posted once. */
const REPEATS: ReadonlySet<string> = new Set(["approval_reminder"]);

/** Same words, same subject, same person: the same message (a retried job, or the bot's own answer). */
export function copyKey(subject: SubjectRef, recipient: CopyRecipient, headline: string): string {
  return digestOf([subject, recipient, headline]);
}

function subjectOf(notice: Notice): SubjectRef | undefined {
  if (notice.requestId) return { requestId: notice.requestId };
  if (notice.reviewItemId) return { reviewItemId: notice.reviewItemId };
  return undefined;
}

function failed(error: unknown): DeliveryReport {
  const reason = error instanceof Error ? error.message : String(error);
  // A blocked bot or a missing account stays that way; a subject that is gone will not come back.
  const permanent = error instanceof DeliveryError ? error.permanent : error instanceof NotFoundError;
  return { delivered: false, channels: [], reason, permanent };
}

function targetOf(copy: TeamsCopy): TeamsTarget {
  return { serviceUrl: copy.data.serviceUrl, conversationId: copy.conversationId, tenantId: copy.data.tenantId, kind: copy.data.audience === "personal" ? "personal" : "channel" };
}

/**
 * Delivers the core's notices as cards in people's 1:1 chats with the bot and in the security
 * channel(s), records every posted card, and re-renders every copy of a subject after a change.
 */
export class TeamsNotifier implements ChannelNotifier {
  readonly channel = TEAMS_CHANNEL;
  readonly #queue = new KeyedQueue();

  constructor(private readonly o: TeamsNotifierOptions) {}

  async deliver(notice: Notice): Promise<DeliveryReport> {
    try {
      if (notice.to.type === "securityChannel") return await this.toSecurityChannels(notice);
      const target = await this.o.chats.targetFor(notice.to.humanId, `notice:${notice.kind}:${notice.requestId ?? notice.reviewItemId ?? "-"}`);
      return await this.deliverTo(notice, target, { humanId: notice.to.humanId }, "personal");
    } catch (error) {
      this.o.logger.warn({ err: error, kind: notice.kind, to: notice.to }, "Teams could not deliver a notice");
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
   * Posts a copy unless the same one was posted (or is being posted) already. `send` does the actual
   * post, so a turn can answer in its own conversation and still take part in the claim.
   */
  async postOnce(copy: CopyToPost, target: TeamsTarget, send: (activity: ReturnType<typeof cardActivity>) => Promise<string>): Promise<"posted" | "already" | "in_flight"> {
    const card = await this.o.renderer.forCopy(copy);
    const claim = await this.o.copies.claim(copyKey(copy.subject, copy.recipient, copy.headline), copy.subject, copy.recipient, {
      audience: copy.audience,
      serviceUrl: target.serviceUrl,
      tenantId: target.tenantId,
      headline: copy.headline,
      kind: copy.kind,
    });
    if (claim.status !== "claimed") return claim.status === "posted" ? "already" : "in_flight";
    let messageId: string;
    try {
      messageId = await send(cardActivity(card, copy.headline));
    } catch (error) {
      await this.o.copies.release(claim.doc);
      throw error;
    }
    await this.o.copies.posted(claim.doc, target.conversationId, messageId, digestOf(card));
    return "posted";
  }

  private async deliverTo(notice: Notice, target: TeamsTarget, recipient: CopyRecipient, audience: CopyAudience): Promise<DeliveryReport> {
    const subject = subjectOf(notice);
    if (!subject) {
      await this.o.sender.send(target, cardActivity(renderTextCard({ text: notice.headline, tone: "neutral" }), notice.headline));
      return { delivered: true, channels: [TEAMS_CHANNEL] };
    }
    const copy: CopyToPost = { subject, recipient, audience, headline: notice.headline, kind: notice.kind };
    if (REPEATS.has(notice.kind)) {
      const card = await this.o.renderer.forCopy(copy);
      const messageId = await this.o.sender.send(target, cardActivity(card, notice.headline));
      await this.o.copies.record(subject, recipient, target.conversationId, messageId, { audience, serviceUrl: target.serviceUrl, tenantId: target.tenantId, headline: notice.headline, kind: notice.kind, digest: digestOf(card) });
      return { delivered: true, channels: [TEAMS_CHANNEL] };
    }
    const outcome = await this.postOnce(copy, target, (activity) => this.o.sender.send(target, activity));
    // In flight: another worker or the bot's own answer is posting it right now; a retry will find it posted.
    if (outcome === "in_flight") return { delivered: false, channels: [], permanent: false, reason: "the same card is being posted right now" };
    return { delivered: true, channels: [TEAMS_CHANNEL] };
  }

  private async toSecurityChannels(notice: Notice): Promise<DeliveryReport> {
    const channels = await this.o.conversations.securityChannels();
    if (channels.length === 0) return { delivered: false, channels: [], permanent: true, reason: "no Teams security channel is registered (a security owner types “security channel here” in a team channel)" };
    const reports = await Promise.all(
      channels.map((c) =>
        this.deliverTo(notice, { serviceUrl: c.serviceUrl, conversationId: c.conversationId, tenantId: c.tenantId, kind: c.kind }, { securityChannel: true }, "security").catch((error: unknown) => {
          this.o.logger.warn({ err: error, conversationId: c.conversationId, kind: notice.kind }, "Teams could not post to a security channel");
          return failed(error);
        }),
      ),
    );
    if (reports.some((r) => r.delivered)) return { delivered: true, channels: [TEAMS_CHANNEL] };
    return { delivered: false, channels: [], permanent: reports.every((r) => r.permanent), reason: reports.map((r) => r.reason).join("; ") };
  }

  /** Re-renders every posted copy of a subject for its recipient; unchanged copies cost nothing. */
  private refresh(subject: SubjectRef): Promise<void> {
    return this.#queue.run(subjectKey(subject), async () =>
      refreshCopies(await this.o.copies.forSubject(subject), (copy) => this.refreshCopy(copy), (copy, error) => this.settledFailure(copy, error)),
    );
  }

  /** True when retrying cannot help: a copy that is gone is forgotten, one the user blocked is left as it is. */
  private async settledFailure(copy: TeamsCopy, error: unknown): Promise<boolean> {
    if (this.isGone(error)) {
      await this.o.copies.forget(copy);
      return true;
    }
    if (error instanceof DeliveryError && error.permanent) {
      this.o.logger.warn({ err: error, copy: copy.id }, "Teams will not update a card the user blocked");
      return true;
    }
    return false;
  }

  private async refreshCopy(copy: TeamsCopy): Promise<void> {
    const card = await this.o.renderer.forCopy({ subject: copy.subject as SubjectRef, recipient: copy.recipient as CopyRecipient, audience: copy.data.audience, headline: copy.data.headline });
    const digest = digestOf(card);
    if (digest === copy.data.digest) return;
    await this.o.sender.update(targetOf(copy), copy.messageId, cardActivity(card, copy.data.headline));
    await this.o.copies.rendered(copy, digest);
  }

  /** The message or the conversation no longer exists in Teams; the subject may be gone from our store. */
  private isGone(error: unknown): boolean {
    if (error instanceof NotFoundError) return true;
    const status = describeDeliveryFailure(error).status;
    return status === 404;
  }
}
