import { ChangeSet } from "./shared/changes.js";
import { auditSubject, loadRequestContext } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { Notices } from "./shared/notices.js";
import { retryOnConflict } from "./shared/retry-on-conflict.js";
import { transition } from "./shared/transition.js";
import { SYSTEM, actorId } from "./shared/actor.js";

/** Ends every active grant whose end has passed and queues its removal from the tenant. */
export async function expireDueGrants(deps: CoreDeps): Promise<{ expired: string[] }> {
  const now = deps.clock.now();
  const due = (await deps.store.find("requests", { state: "active" })).filter((r) => r.endAt && Date.parse(r.endAt) <= now.getTime());
  const expired: string[] = [];
  for (const candidate of due) {
    const done = await retryOnConflict(async () => {
      const ctx = await loadRequestContext(deps.store, candidate.id);
      const r = ctx.request;
      if (r.state !== "active" || !r.endAt || Date.parse(r.endAt) > deps.clock.now().getTime()) return false;
      const at = deps.clock.now().toISOString();
      const next = transition(r, "expired", actorId(SYSTEM.scheduler), at, "end of the granted window");
      const changes = new ChangeSet(deps).put("requests", next);
      const grant = await deps.store.get("grants", `gr_${r.id}`);
      if (grant) changes.put("grants", { ...grant, state: "expired", endedAt: at });
      changes
        .record({ ...auditSubject(ctx), action: "Expire", actor: actorId(SYSTEM.scheduler), message: `${ctx.entitlement.code} expired at ${r.endAt}` })
        .provision(next, "remove")
        .notify(r.correlationId, [Notices.toRequester({ ...ctx, request: next }, `Your ${ctx.entitlement.displayName} access has ended and is being removed.`)], { requestIds: [r.id] });
      await changes.commit();
      return true;
    });
    if (done) expired.push(candidate.id);
  }
  return { expired };
}
