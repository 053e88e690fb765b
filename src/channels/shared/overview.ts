import { getRequestView, getReviewView } from "../../core/usecases/queries/get-views.js";
import { listMyAccess, listMyRequests, listMyReviews, listPendingApprovals } from "../../core/usecases/queries/list-views.js";
import type { CoreDeps } from "../../core/usecases/shared/deps.js";
import type { ListView, RequestView, ReviewView } from "../../core/views/types.js";

/** Everything that concerns one person, for a personal dashboard (Slack App Home, a Teams personal tab). */
export interface OverviewView {
  type: "overview";
  /** Requests waiting for this person's decision, each as they see it (with Approve / Deny). */
  approvals: { views: RequestView[]; total: number };
  /** Review items assigned to this person, each with its decision buttons. */
  reviews: { views: ReviewView[]; total: number };
  /** What they hold now, with Extend / Release. */
  myAccess: ListView;
  myRequests: ListView;
}

/** At most this many full approval / review views; the rest are counted. */
const MAX_VIEWS = 10;

export async function buildOverview(deps: CoreDeps, humanId: string): Promise<OverviewView> {
  const [approvals, reviews, myAccess, myRequests] = await Promise.all([
    listPendingApprovals(deps, humanId),
    listMyReviews(deps, humanId),
    listMyAccess(deps, humanId),
    listMyRequests(deps, humanId),
  ]);
  const approvalViews = await Promise.all(approvals.items.slice(0, MAX_VIEWS).map((i) => getRequestView(deps, i.id, humanId)));
  const reviewViews = await Promise.all(reviews.items.slice(0, MAX_VIEWS).map((i) => getReviewView(deps, i.id, humanId)));
  return {
    type: "overview",
    approvals: { views: approvalViews, total: approvals.total },
    reviews: { views: reviewViews, total: reviews.total },
    myAccess,
    myRequests,
  };
}
