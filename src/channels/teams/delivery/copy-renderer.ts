import type { RequestView } from "../../../core/views/types.js";
import type { ChatFlows } from "../../shared/chat-flows.js";
import type { CopyAudience, CopyRecipient } from "../conversations/posted-copies.js";
import type { TeamsConversations } from "../conversations/teams-conversations.js";
import type { SubjectRef } from "../render/actions.js";
import { renderRequestCard } from "../render/request-card.js";
import { renderReviewCard } from "../render/review-card.js";
import type { AdaptiveCardJson } from "../render/templates.js";
import type { CardNote } from "../render/text.js";

export interface CopySpec {
  subject: SubjectRef;
  recipient: CopyRecipient;
  audience: CopyAudience;
  headline?: string;
}

export interface ViewerOptions {
  headline?: string;
  note?: CardNote;
  expanded?: boolean;
}

function hasActors(view: RequestView): boolean {
  return ["pending", "active", "failed", "provisioning", "approved"].includes(view.state);
}

/**
 * Turns a subject into the card a given copy or person should see, from the neutral views of the
 * flows. The only Teams decision here is who gets which base card and who gets a per-user refresh.
 */
export class CopyRenderer {
  constructor(
    private readonly flows: ChatFlows,
    private readonly conversations: TeamsConversations,
  ) {}

  /** A posted copy as it should look now. */
  async forCopy(copy: CopySpec): Promise<AdaptiveCardJson> {
    const { subject, recipient, audience, headline } = copy;
    if ("requestId" in subject) {
      if (audience === "security" || "securityChannel" in recipient) {
        return renderRequestCard(await this.flows.securityChannelView(subject.requestId), { headline });
      }
      if (audience === "shared") {
        // Everyone sees the state; the people who can act get their own view (refresh) or ask for it.
        const view = await this.flows.requestView(subject.requestId);
        const refreshUserIds = await this.conversations.userIds([...view.mayDecide, view.requester.humanId]);
        return renderRequestCard(view, { headline, refreshUserIds, offerMyView: hasActors(view) });
      }
      return renderRequestCard(await this.flows.requestView(subject.requestId, recipient.humanId), { headline });
    }
    if (audience === "shared" || "securityChannel" in recipient) {
      const view = await this.flows.reviewView(subject.reviewItemId);
      return renderReviewCard(view, { headline, refreshUserIds: await this.conversations.userIds([view.reviewer.humanId]) });
    }
    return renderReviewCard(await this.flows.reviewView(subject.reviewItemId, recipient.humanId), { headline });
  }

  /** The card for one person (a Universal Action answer or a refresh): their view, their actions. */
  async forViewer(subject: SubjectRef, humanId: string, o: ViewerOptions = {}): Promise<AdaptiveCardJson> {
    if ("requestId" in subject) return renderRequestCard(await this.flows.requestView(subject.requestId, humanId), o);
    return renderReviewCard(await this.flows.reviewView(subject.reviewItemId, humanId), o);
  }
}
