import { effectiveRules } from "../policy/effective.js";
import { formatInstant } from "../views/format.js";
import { ChangeSet } from "./shared/changes.js";
import type { CoreDeps } from "./shared/deps.js";
import { Notices } from "./shared/notices.js";
import { sweep } from "./shared/sweep.js";

/** Offers Extend / Release shortly before an active grant ends (once per window; again after an extension). */
export async function notifyExpiring(deps: CoreDeps): Promise<{ notified: string[] }> {
  const active = await deps.store.find("requests", { state: "active" });
  const leadMs = new Map<string, number>();
  for (const r of active) {
    const entitlement = await deps.store.get("entitlements", r.entitlementId);
    if (entitlement) leadMs.set(r.id, effectiveRules(deps.policy, entitlement).expiringNoticeMinutes * 60_000);
  }
  const notified = await sweep(
    deps,
    active,
    (r, now) => {
      if (r.state !== "active" || !r.endAt || r.expiringNoticeSentAt || r.provisioning.pendingEndAt) return false;
      const left = Date.parse(r.endAt) - now.getTime();
      return left > 0 && left <= (leadMs.get(r.id) ?? 0);
    },
    async (ctx, now) => {
      const next = { ...ctx.request, expiringNoticeSentAt: now.toISOString() };
      await new ChangeSet(deps)
        .put("requests", next)
        .notify(next.correlationId, [Notices.expiring({ ...ctx, request: next }, formatInstant(next.endAt))], { requestIds: [next.id] })
        .commit();
    },
  );
  return { notified };
}
