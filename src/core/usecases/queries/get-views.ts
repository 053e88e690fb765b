import type { RequestView, ReviewView } from "../../views/types.js";
import { loadRequestContext } from "../shared/context.js";
import type { CoreDeps } from "../shared/deps.js";
import { loadReview, reviewViewFor } from "../shared/review-context.js";
import { requestViewFor } from "../shared/views.js";

/** The current view of a request for one viewer (their actions only), e.g. for a card refresh. */
export async function getRequestView(deps: CoreDeps, requestId: string, viewerHumanId?: string): Promise<RequestView> {
  return requestViewFor(deps, await loadRequestContext(deps.store, requestId), viewerHumanId);
}

/** The copy posted to the security channel: security-owner actions, re-checked for whoever presses. */
export async function getSecurityChannelView(deps: CoreDeps, requestId: string): Promise<RequestView> {
  return requestViewFor(deps, await loadRequestContext(deps.store, requestId), undefined, "securityChannel");
}

export async function getReviewView(deps: CoreDeps, reviewItemId: string, viewerHumanId?: string): Promise<ReviewView> {
  return reviewViewFor(deps, await loadReview(deps, reviewItemId), viewerHumanId);
}
