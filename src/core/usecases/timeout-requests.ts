import { ChangeSet } from "./shared/changes.js";
import { auditSubject } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { Notices } from "./shared/notices.js";
import { isPast, sweep } from "./shared/sweep.js";
import { transition } from "./shared/transition.js";

/** Pending requests nobody decided before the approval deadline become `timed_out`. */
export async function timeoutRequests(deps: CoreDeps): Promise<{ timedOut: string[] }> {
  const pending = await deps.store.find("requests", { state: "pending" });
  const timedOut = await sweep(
    deps,
    pending,
    (r, now) => r.state === "pending" && isPast(r.approvalDeadlineAt, now),
    async (ctx, now) => {
      const next = transition(ctx.request, "timed_out", "system:scheduler", now.toISOString(), "approval deadline passed");
      await new ChangeSet(deps)
        .put("requests", next)
        .record({ ...auditSubject(ctx), action: "TimedOut", actor: "system:scheduler", message: `No decision before ${ctx.request.approvalDeadlineAt}` })
        .notify(next.correlationId, [Notices.toRequester({ ...ctx, request: next }, `Nobody decided your request for ${ctx.entitlement.displayName} in time, so it has lapsed. Submit it again if you still need it.`)], { requestIds: [next.id] })
        .commit();
    },
  );
  return { timedOut };
}
