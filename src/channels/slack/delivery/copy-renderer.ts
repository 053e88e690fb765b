import type { ChatFlows } from "../../shared/chat-flows.js";
import type { SubjectRef } from "../payloads/action-value.js";
import type { MessageMetadata, SlackMessage } from "../render/block-kit.js";
import { fitBlocks } from "../render/fit.js";
import { LIMITS } from "../render/limits.js";
import { requestBlocks, requestFallbackText } from "../render/request-blocks.js";
import { reviewBlocks, reviewFallbackText } from "../render/review-blocks.js";
import { clip } from "../render/text.js";
import type { Recipient } from "./posted-copies.js";

/** Message metadata names the subject, so a copy can be recognised without parsing its blocks. */
function subjectMetadata(subject: SubjectRef): MessageMetadata {
  return "requestId" in subject
    ? { event_type: "pim_request", event_payload: { request_id: subject.requestId } }
    : { event_type: "pim_review", event_payload: { review_item_id: subject.reviewItemId } };
}

/**
 * A copy as its recipient should see it now: the person's own view (their buttons only) or the
 * security channel's shared view. Used for the first post and for every refresh.
 */
export class CopyRenderer {
  constructor(private readonly flows: ChatFlows) {}

  async render(subject: SubjectRef, recipient: Recipient, headline?: string): Promise<SlackMessage> {
    const metadata = subjectMetadata(subject);
    if ("requestId" in subject) {
      const view = "securityChannel" in recipient ? await this.flows.securityChannelView(subject.requestId) : await this.flows.requestView(subject.requestId, recipient.humanId);
      return { text: clip(requestFallbackText(view, headline), LIMITS.messageText), blocks: fitBlocks(requestBlocks(view, { headline }), LIMITS.messageBlocks), metadata };
    }
    const viewer = "humanId" in recipient ? recipient.humanId : undefined;
    const view = await this.flows.reviewView(subject.reviewItemId, viewer);
    return { text: clip(reviewFallbackText(view, headline), LIMITS.messageText), blocks: fitBlocks(reviewBlocks(view, { headline }), LIMITS.messageBlocks), metadata };
  }
}
