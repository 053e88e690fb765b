import { everyApproverId } from "../../domain/approval.js";
import type { Human } from "../../domain/identity.js";
import type { RequestContext } from "../../domain/request-context.js";
import { effectiveRules } from "../../policy/effective.js";
import type { Store } from "../../ports/store.js";
import { buildRequestView } from "../../views/request-view.js";
import type { RequestView } from "../../views/types.js";
import type { CoreDeps } from "./deps.js";

export async function loadHumans(store: Store, ids: Iterable<string>): Promise<Map<string, Human>> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => store.get("humans", id)));
  return new Map(found.filter((h): h is Human => !!h).map((h) => [h.id, h]));
}

/** The request as `viewerHumanId` should see it (their actions only); no viewer = the neutral copy. */
export async function requestViewFor(deps: CoreDeps, ctx: RequestContext, viewerHumanId?: string, audience?: "securityChannel"): Promise<RequestView> {
  const r = ctx.request;
  const ids = [r.requesterHumanId, ...everyApproverId(r), ...r.decisions.map((d) => d.actorHumanId)];
  if (r.acknowledgement) ids.push(r.acknowledgement.byHumanId);
  if (viewerHumanId) ids.push(viewerHumanId);
  const humans = await loadHumans(deps.store, ids);
  return buildRequestView({
    ctx,
    humans,
    policy: deps.policy,
    rules: effectiveRules(deps.policy, ctx.entitlement),
    now: deps.clock.now(),
    viewerHumanId,
    audience,
  });
}
