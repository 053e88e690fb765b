import { z } from "zod/v4";
import { REVIEW_DECISIONS, type ReviewItem } from "../domain/review.js";
import { ConflictError, ErrorCodes, ForbiddenError, ValidationError } from "../errors.js";
import { mayReview } from "../views/review-view.js";
import type { ReviewView } from "../views/types.js";
import { humanActor } from "./shared/actor.js";
import { auditEntry, ChangeSet } from "./shared/changes.js";
import type { CoreDeps } from "./shared/deps.js";
import { parseInput } from "./shared/input.js";
import { Notices } from "./shared/notices.js";
import { retryOnConflict } from "./shared/retry-on-conflict.js";
import { loadReview, reviewViewFor } from "./shared/review-context.js";
import { revokeGrant } from "./revoke-grant.js";

export const ReviewDecisionInput = z
  .object({
    reviewItemId: z.string().min(1).max(100),
    actorHumanId: z.string().min(1).max(100),
    decision: z.enum(REVIEW_DECISIONS),
    reason: z.string().trim().max(1000).optional(),
    reassignTo: z.string().min(1).max(100).optional(),
    expectedVersion: z.number().int().nonnegative().optional(),
  })
  .strict();
export type ReviewDecisionInput = z.input<typeof ReviewDecisionInput>;

export interface ReviewDecisionResult {
  outcome: "decided" | "reassigned" | "commented" | "unchanged";
  message: string;
  item: ReviewItem;
  view: ReviewView;
}

/** A reviewer keeps, removes, reassigns or comments on a review item; Remove goes through provisioning. */
export async function decideReview(deps: CoreDeps, raw: ReviewDecisionInput): Promise<ReviewDecisionResult> {
  const input = parseInput(ReviewDecisionInput, raw);
  return retryOnConflict(async () => {
    const item = await loadReview(deps, input.reviewItemId);
    const actor = input.actorHumanId;
    const audit = { action: "ReviewDecision" as const, actor, correlationId: item.correlationId, requestId: item.requestId, entitlement: item.entitlementId };
    if (!mayReview(item, actor)) {
      if (item.state !== "open" && (item.reviewerHumanId === actor || item.fallbackReviewerHumanId === actor)) {
        return { outcome: "unchanged", message: "This review item is already decided. Nothing changed.", item, view: await reviewViewFor(deps, item, actor) };
      }
      await deps.journal.record([auditEntry(deps, { ...audit, result: "refused", message: `Review ${input.decision} refused: not the reviewer of ${item.id}` })]);
      throw new ForbiddenError(ErrorCodes.NOT_A_REVIEWER, item.subjectHumanId === actor ? "You cannot review your own access." : "You are not the reviewer of this item.", { reviewItemId: item.id });
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== item.version) {
      throw new ConflictError(ErrorCodes.STALE_VERSION, "This card was out of date, so nothing was changed. It now shows the current state.", { reviewItemId: item.id });
    }
    // After the reviewer check, so a forged decision is refused (and audited) for what it is.
    if (input.decision === "reassign" && !input.reassignTo) throw new ValidationError([{ field: "reassignTo", message: "Choose who should review it instead." }]);
    if (input.decision === "comment" && (!input.reason || input.reason.length < 2)) throw new ValidationError([{ field: "reason", message: "Write the comment (at least 2 characters)." }]);
    const at = deps.clock.now().toISOString();
    const changes = new ChangeSet(deps);
    let next: ReviewItem;
    let outcome: ReviewDecisionResult["outcome"];
    let message: string;
    switch (input.decision) {
      case "comment":
        next = { ...item, comments: [...item.comments, { byHumanId: actor, text: input.reason as string, at }] };
        outcome = "commented";
        message = "Comment added.";
        changes.record({ ...audit, message: `Comment on ${item.id}: ${input.reason}` });
        break;
      case "reassign": {
        const target = await deps.store.get("humans", input.reassignTo as string);
        if (!target?.active || target.id === item.subjectHumanId || target.id === actor) {
          throw new ValidationError([{ field: "reassignTo", message: "Choose an active person other than you and the holder." }]);
        }
        next = { ...item, reviewerHumanId: target.id, comments: [...item.comments, { byHumanId: actor, text: `Reassigned to ${target.displayName}${input.reason ? `: ${input.reason}` : ""}`, at }] };
        outcome = "reassigned";
        message = `Reassigned to ${target.displayName}.`;
        changes.record({ ...audit, message: `Review ${item.id} reassigned to ${target.id}` });
        changes.notify(item.correlationId, [Notices.reviewAssigned(item.id, target.id, `A review item was reassigned to you`)]);
        break;
      }
      default: {
        if (input.decision === "remove" && item.requestId) {
          const request = await deps.store.get("requests", item.requestId);
          if (request?.state === "active") {
            await revokeGrant(deps, humanActor(actor), { requestId: item.requestId, reason: `Access review: ${input.reason || "removed by reviewer"}` });
          }
        }
        next = { ...item, state: "decided", decision: { kind: input.decision, byHumanId: actor, at, reason: input.reason } };
        outcome = "decided";
        message = input.decision === "keep" ? "Kept. Thank you." : "Removal recorded; the access is being removed.";
        changes.record({ ...audit, message: `Review ${item.id}: ${input.decision}${input.reason ? ` (${input.reason})` : ""}` });
      }
    }
    changes.put("reviews", next).notify(item.correlationId, [], { reviewItemIds: [item.id] });
    await changes.commit();
    const stored = { ...next, version: next.version + 1 };
    return { outcome, message, item: stored, view: await reviewViewFor(deps, stored, actor) };
  });
}
