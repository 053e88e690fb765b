import { mayDecide } from "../domain/approval.js";
import { DeliveryError, ErrorCodes } from "../errors.js";
import { eligibleApprover, securityOwners } from "../policy/approvers.js";
import { effectiveRules } from "../policy/effective.js";
import { peopleFrom } from "../policy/people.js";
import type { Notice, Notifier } from "../ports/notifier.js";
import type { NotifyJobPayload } from "../ports/outbox.js";
import { auditEntry, ChangeSet } from "./shared/changes.js";
import { auditSubject, loadRequestContext } from "./shared/context.js";
import type { CoreDeps } from "./shared/deps.js";
import type { JobAttempt } from "./execute-provisioning.js";
import { Notices } from "./shared/notices.js";
import { retryOnConflict } from "./shared/retry-on-conflict.js";

export interface NotifyDeps extends CoreDeps {
  notifier: Notifier;
}

/**
 * An approver we cannot reach (they blocked the bot, have no chat account) must not stall the request:
 * the security owners join the stage and are asked instead. Audited either way.
 */
async function fallBackFrom(deps: NotifyDeps, notice: Notice, reason: string): Promise<void> {
  if (!notice.requestId || notice.to.type !== "human") return;
  const unreachable = notice.to.humanId;
  await retryOnConflict(async () => {
    const ctx = await loadRequestContext(deps.store, notice.requestId as string);
    const r = ctx.request;
    const changes = new ChangeSet(deps);
    const subject = auditSubject(ctx);
    if (r.state !== "pending") {
      changes.record({ ...subject, action: "NotifyFailed", actor: "system:notifier", result: "failure", message: `Could not reach approver ${unreachable}: ${reason}` });
      return changes.commit();
    }
    const people = peopleFrom(await deps.store.find("humans"));
    const rules = effectiveRules(deps.policy, ctx.entitlement);
    const stage = r.stages[r.currentStage];
    const decided = new Set(r.decisions.map((d) => d.actorHumanId));
    const added = securityOwners(deps.policy, people).filter(
      (a) => a.humanId !== unreachable && !decided.has(a.humanId) && !stage?.approvers.some((x) => x.humanId === a.humanId) && eligibleApprover(a, { requester: ctx.requester, people, conflictedHumanIds: new Set(), rules }),
    );
    changes.record({
      ...subject,
      action: "NotifyFailed",
      actor: "system:notifier",
      result: "failure",
      message: `Could not reach approver ${unreachable} (${reason}); ${added.length > 0 ? `falling back to ${added.map((a) => a.humanId).join(", ")}` : "no further approver available"}`,
    });
    if (added.length > 0 && stage) {
      const next = { ...r, stages: r.stages.map((s, i) => (i === r.currentStage ? { ...s, approvers: [...s.approvers, ...added.map((a) => ({ ...a, source: "securityOwner" as const }))] } : s)) };
      changes.put("requests", next);
      changes.notify(r.correlationId, Notices.approvalNeeded({ ...ctx, request: next }, added.map((a) => a.humanId).filter((id) => mayDecide(next).includes(id)), `an approver could not be reached, so it falls to you`), { requestIds: [r.id] });
    }
    return changes.commit();
  });
}

/** Runs one notify job: delivers its notice and/or re-renders every posted copy of a subject. */
export async function deliverNotice(deps: NotifyDeps, payload: NotifyJobPayload, attempt: JobAttempt): Promise<void> {
  for (const notice of payload.notices) {
    const report = await deps.notifier.deliver(notice);
    if (report.delivered) continue;
    const reason = report.reason ?? "not delivered";
    if (report.permanent || attempt.attempt >= attempt.maxAttempts) {
      if ((notice.kind === "approval_needed" || notice.kind === "approval_reminder") && !report.noChannels) {
        await fallBackFrom(deps, notice, reason);
      } else {
        await deps.journal.record([
          auditEntry(deps, { action: "NotifyFailed", actor: "system:notifier", result: "failure", correlationId: attempt.correlationId, requestId: notice.requestId, message: `${notice.kind} to ${notice.to.type === "human" ? notice.to.humanId : "security channel"} not delivered: ${reason}` }),
        ]);
      }
      continue;
    }
    throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `Notice not delivered yet: ${reason}`, false);
  }
  for (const id of payload.refresh.requestIds) await deps.notifier.refreshRequest(id);
  for (const id of payload.refresh.reviewItemIds) await deps.notifier.refreshReview(id);
}
