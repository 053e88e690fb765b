import { mayDecide } from "../domain/approval.js";
import { addMinutes } from "../domain/duration.js";
import { effectiveRules } from "../policy/effective.js";
import { ChangeSet } from "./shared/changes.js";
import { auditSubject } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { Notices } from "./shared/notices.js";
import { isPast, sweep } from "./shared/sweep.js";

/** Nudges the approvers of the current stage at the policy's reminder interval. */
export async function remindApprovers(deps: CoreDeps): Promise<{ reminded: string[] }> {
  const pending = await deps.store.find("requests", { state: "pending" });
  const reminded = await sweep(
    deps,
    pending,
    (r, now) => r.state === "pending" && isPast(r.nextReminderAt, now) && !isPast(r.approvalDeadlineAt, now),
    async (ctx, now) => {
      const rules = effectiveRules(deps.policy, ctx.entitlement);
      const next = { ...ctx.request, nextReminderAt: addMinutes(now, rules.approval.reminderEveryHours * 60) };
      const who = mayDecide(next);
      await new ChangeSet(deps)
        .put("requests", next)
        .record({ ...auditSubject(ctx), action: "Remind", actor: "system:scheduler", message: `Reminded ${who.length} approver(s)`, details: { approvers: who } })
        // The reminder bumps the version, so posted cards are refreshed too; otherwise their buttons go stale.
        .notify(next.correlationId, Notices.reminder({ ...ctx, request: next }, who), { requestIds: [next.id] })
        .commit();
    },
  );
  return { reminded };
}
