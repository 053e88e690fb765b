import type { DocMatcher, PostedMessage } from "../../core/ports/store.js";

/** What a posted message is about: a request or a review item. */
export type PostedSubject = { requestId: string } | { reviewItemId: string };

/** Matches the posted copies of one subject; claims still being posted (no message id yet) are left out. */
export function postedCopyOf(subject: PostedSubject): DocMatcher<PostedMessage> {
  return (m) => m.messageId !== "" && ("requestId" in subject ? m.subject.requestId === subject.requestId : m.subject.reviewItemId === subject.reviewItemId);
}
