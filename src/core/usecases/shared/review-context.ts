import type { Human } from "../../domain/identity.js";
import type { ReviewItem } from "../../domain/review.js";
import { ErrorCodes, NotFoundError } from "../../errors.js";
import { buildReviewView } from "../../views/review-view.js";
import type { ReviewView } from "../../views/types.js";
import type { CoreDeps } from "./deps.js";
import { loadHumans } from "./views.js";

export async function loadReview(deps: CoreDeps, reviewItemId: string): Promise<ReviewItem> {
  const item = await deps.store.get("reviews", reviewItemId);
  if (!item) throw new NotFoundError(ErrorCodes.REVIEW_NOT_FOUND, `There is no review item ${reviewItemId}.`, { reviewItemId });
  return item;
}

/** Security owners and the reviewer's manager are the usual people to hand a review to. */
async function reassignCandidates(deps: CoreDeps, item: ReviewItem): Promise<Human[]> {
  const owners = await Promise.all(deps.policy.securityOwners.staffIds.map(async (s) => (await deps.store.find("humans", { staffId: s }))[0]));
  const reviewer = await deps.store.get("humans", item.reviewerHumanId);
  const manager = reviewer?.managerHumanId ? await deps.store.get("humans", reviewer.managerHumanId) : undefined;
  return [...owners, manager].filter((h): h is Human => !!h && h.active);
}

export async function reviewViewFor(deps: CoreDeps, item: ReviewItem, viewerHumanId?: string): Promise<ReviewView> {
  const [entitlement, identity] = await Promise.all([deps.store.get("entitlements", item.entitlementId), deps.store.get("identities", item.identityId)]);
  if (!entitlement || !identity) throw new NotFoundError(ErrorCodes.REVIEW_NOT_FOUND, `Review item ${item.id} refers to data that no longer exists.`);
  const ids = [item.subjectHumanId, item.reviewerHumanId, ...item.comments.map((c) => c.byHumanId)];
  if (item.fallbackReviewerHumanId) ids.push(item.fallbackReviewerHumanId);
  if (item.decision) ids.push(item.decision.byHumanId, ...(item.decision.reassignedToHumanId ? [item.decision.reassignedToHumanId] : []));
  return buildReviewView({ item, entitlement, identity, humans: await loadHumans(deps.store, ids), reassignCandidates: await reassignCandidates(deps, item), viewerHumanId });
}
