import type { Human } from "../../../core/domain/identity.js";
import { isPimError } from "../../../core/errors.js";
import { maySee } from "../../shared/visibility.js";
import type { SubjectRef } from "../payloads/action-value.js";
import type { KnownBlock } from "../render/block-kit.js";
import { detailsBlocks } from "../render/details-blocks.js";
import { fitBlocks } from "../render/fit.js";
import { LIMITS } from "../render/limits.js";
import { refusalMessage } from "../render/reply-message.js";
import { requestBlocks } from "../render/request-blocks.js";
import { reviewBlocks } from "../render/review-blocks.js";
import { clip } from "../render/text.js";
import type { Answer } from "./answers.js";
import type { ClickOrigin } from "./origin.js";
import type { SlackParts } from "./parts.js";

/**
 * Whoever can see the security channel's copy may see its details: Slack already shows them that
 * message. Anyone else needs to be someone the subject concerns.
 */
async function pressedOnSecurityCopy(parts: SlackParts, subject: SubjectRef, origin: ClickOrigin): Promise<boolean> {
  if (origin.kind !== "message") return false;
  const copy = await parts.copies.at(origin.channel, origin.ts);
  if (!copy?.recipient.securityChannel) return false;
  return "requestId" in subject ? copy.subject.requestId === subject.requestId : copy.subject.reviewItemId === subject.reviewItemId;
}

/** "Show details" (the full text a card shortened) and "Open" (a list item's card), for the presser only. */
export async function showSubject(parts: SlackParts, human: Human, subject: SubjectRef, mode: "details" | "open", origin: ClickOrigin, answer: Answer): Promise<void> {
  let view;
  try {
    view = "requestId" in subject ? await parts.flows.requestView(subject.requestId, human.id) : await parts.flows.reviewView(subject.reviewItemId, human.id);
  } catch (error) {
    if (!isPimError(error)) throw error;
    return answer(refusalMessage(error.message));
  }
  if (!maySee(view, human.id) && !(await pressedOnSecurityCopy(parts, subject, origin))) {
    return answer(refusalMessage("You can only open requests and review items that concern you."));
  }
  const max = origin.kind === "message" ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  let blocks: KnownBlock[];
  if (mode === "details") blocks = detailsBlocks(view, max);
  else blocks = fitBlocks(view.type === "request" ? requestBlocks(view) : reviewBlocks(view), max);
  await answer({ text: clip(view.title, LIMITS.messageText), blocks });
}
