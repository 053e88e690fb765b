import type { StageApprover } from "../domain/request.js";
import { mayDecide } from "../domain/approval.js";
import { securityOwners } from "../policy/approvers.js";
import { peopleFrom } from "../policy/people.js";
import { ChangeSet } from "./shared/changes.js";
import { auditSubject } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import { Notices } from "./shared/notices.js";
import { isPast, sweep } from "./shared/sweep.js";

/**
 * When a stage waits too long, the next level joins it: the manager's manager for a manager stage,
 * and the security owners. They are told at once; the original approvers keep their right to decide.
 */
export async function escalateRequests(deps: CoreDeps): Promise<{ escalated: string[] }> {
  const pending = await deps.store.find("requests", { state: "pending" });
  if (pending.length === 0) return { escalated: [] };
  const people = peopleFrom(await deps.store.find("humans"));
  const escalated = await sweep(
    deps,
    pending,
    (r, now) => r.state === "pending" && r.escalationLevel === 0 && isPast(r.escalateAt, now) && !isPast(r.approvalDeadlineAt, now),
    async (ctx, now) => {
      const r = ctx.request;
      const stage = r.stages[r.currentStage];
      if (!stage) return;
      const approved = new Set(r.decisions.map((d) => d.actorHumanId));
      const candidates: StageApprover[] = [];
      if (stage.approvers.some((a) => a.source === "manager")) {
        const manager = ctx.requester.managerHumanId ? people.byId(ctx.requester.managerHumanId) : undefined;
        const skip = manager?.managerHumanId ? people.byId(manager.managerHumanId) : undefined;
        if (skip) candidates.push({ humanId: skip.id, source: "escalation" });
      }
      candidates.push(...securityOwners(deps.policy, people).map((a) => ({ ...a, source: "escalation" as const })));
      const added = candidates.filter(
        (a, i) => a.humanId !== r.requesterHumanId && !approved.has(a.humanId) && people.byId(a.humanId)?.active && !stage.approvers.some((x) => x.humanId === a.humanId) && candidates.findIndex((c) => c.humanId === a.humanId) === i,
      );
      const next = {
        ...r,
        escalationLevel: 1,
        updatedAt: now.toISOString(),
        stages: r.stages.map((s, i) => (i === r.currentStage ? { ...s, approvers: [...s.approvers, ...added] } : s)),
      };
      const nctx = { ...ctx, request: next };
      await new ChangeSet(deps)
        .put("requests", next)
        .record({ ...auditSubject(ctx), action: "Escalate", actor: "system:scheduler", message: `Stage ${stage.name} escalated to ${added.length} more approver(s)`, details: { added: added.map((a) => a.humanId) } })
        .notify(next.correlationId, Notices.approvalNeeded(nctx, added.map((a) => a.humanId).filter((id) => mayDecide(next).includes(id)), `escalated to you because nobody decided in time`), { requestIds: [r.id] })
        .commit();
    },
  );
  return { escalated };
}
