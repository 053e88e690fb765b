import { z } from "zod/v4";
import { mayDecide } from "../../domain/approval.js";
import { addMinutes } from "../../domain/duration.js";
import { approvalsInStage, finalDecision, type AccessRequest } from "../../domain/request.js";
import type { RequestContext } from "../../domain/request-context.js";
import { ConflictError, ErrorCodes, ForbiddenError, ValidationError, type ErrorCode } from "../../errors.js";
import { eligibleApprover, securityOwners } from "../../policy/approvers.js";
import { effectiveRules } from "../../policy/effective.js";
import { peopleFrom } from "../../policy/people.js";
import { formatInstant, joinNames } from "../../views/format.js";
import type { RequestView } from "../../views/types.js";
import { ChangeSet } from "./changes.js";
import { refuseAudited } from "./refusal.js";
import { auditSubject, loadRequestContext } from "./context.js";
import type { CoreDeps } from "./deps.js";
import { parseInput } from "./input.js";
import { Notices } from "./notices.js";
import { retryOnConflict } from "./retry-on-conflict.js";
import { transition } from "./transition.js";
import { loadHumans, requestViewFor } from "./views.js";

export const DecisionInput = z
  .object({
    requestId: z.string().min(1).max(100),
    actorHumanId: z.string().min(1).max(100),
    /** The version the actor saw (from the card). A different current version means the card was stale. */
    expectedVersion: z.number().int().nonnegative().optional(),
    reason: z.string().trim().max(1000).optional(),
  })
  .strict();
export type DecisionInput = z.input<typeof DecisionInput>;

export interface DecisionResult {
  outcome: "approved" | "stage_approved" | "denied" | "unchanged";
  message: string;
  request: AccessRequest;
  view: RequestView;
  /** For `unchanged`: who decided first and when. */
  decidedBy?: { humanId: string; name: string; at: string };
}

async function refuse(deps: CoreDeps, ctx: RequestContext, actorHumanId: string, code: ErrorCode, message: string, verdict: string): Promise<never> {
  const error = code === ErrorCodes.STALE_VERSION ? new ConflictError(code, message, { requestId: ctx.request.id, currentVersion: ctx.request.version }) : new ForbiddenError(code, message, { requestId: ctx.request.id });
  return refuseAudited(deps, { ...auditSubject(ctx), actor: actorHumanId, message: verdict, details: { version: ctx.request.version } }, error);
}

/** Who may decide is always re-checked here, from the stored request: card data is never trusted. */
async function authorise(deps: CoreDeps, ctx: RequestContext, input: z.infer<typeof DecisionInput>, verdict: "approve" | "deny"): Promise<DecisionResult | undefined> {
  const r = ctx.request;
  const actor = input.actorHumanId;
  if (actor === r.requesterHumanId) {
    return refuse(deps, ctx, actor, ErrorCodes.SELF_APPROVAL_FORBIDDEN, "You cannot decide your own request; it has been sent to your approvers.", verdict);
  }
  const everApprover = r.stages.some((s) => s.approvers.some((a) => a.humanId === actor));
  if (!everApprover) {
    return refuse(deps, ctx, actor, ErrorCodes.NOT_AN_APPROVER, "You are not an approver of this request.", verdict);
  }
  if (r.state !== "pending") {
    const final = finalDecision(r);
    const humans = await loadHumans(deps.store, final ? [final.actorHumanId] : []);
    const who = final ? { humanId: final.actorHumanId, name: humans.get(final.actorHumanId)?.displayName ?? final.actorHumanId, at: final.at } : undefined;
    const message = who
      ? `Already ${final?.verdict === "deny" ? "denied" : "approved"} by ${who.name}, ${formatInstant(who.at)}. Nothing changed.`
      : `This request is already ${r.state.replace("_", " ")}. Nothing changed.`;
    return { outcome: "unchanged", message, request: r, view: await requestViewFor(deps, ctx, actor), decidedBy: who };
  }
  if (input.expectedVersion !== undefined && input.expectedVersion !== r.version) {
    return refuse(deps, ctx, actor, ErrorCodes.STALE_VERSION, "This card was out of date, so nothing was changed. It now shows the current state; decide again if you still need to.", verdict);
  }
  const mine = r.decisions.find((d) => d.actorHumanId === actor && d.verdict === "approve");
  if (mine && mine.stage === r.currentStage) {
    return { outcome: "unchanged", message: `You already approved this, ${formatInstant(mine.at)}. Nothing changed.`, request: r, view: await requestViewFor(deps, ctx, actor), decidedBy: { humanId: actor, name: "you", at: mine.at } };
  }
  if (!mayDecide(r).includes(actor)) {
    const stage = r.stages[r.currentStage]?.name ?? "current";
    const message = mine
      ? `You already approved the ${r.stages[mine.stage]?.name ?? "earlier"} stage; the ${stage} stage needs someone else.`
      : `The request is at the ${stage} stage, which you are not an approver of.`;
    return refuse(deps, ctx, actor, ErrorCodes.NOT_AN_APPROVER, message, verdict);
  }
  const rules = effectiveRules(deps.policy, ctx.entitlement);
  if (rules.approval.separationOfDuties) {
    const own = await deps.store.find("requests", { requesterHumanId: actor, entitlementId: r.entitlementId, state: "pending" });
    if (own.length > 0) {
      return refuse(deps, ctx, actor, ErrorCodes.SEPARATION_OF_DUTIES, `You have your own pending request for ${ctx.entitlement.displayName}, so you cannot approve someone else's.`, verdict);
    }
  }
  return undefined;
}

/** Makes sure the next stage has enough approvers who did not approve an earlier stage. */
async function staffNextStage(deps: CoreDeps, ctx: RequestContext, request: AccessRequest): Promise<AccessRequest> {
  const stage = request.stages[request.currentStage];
  if (!stage) return request;
  const already = new Set(request.decisions.filter((d) => d.verdict === "approve").map((d) => d.actorHumanId));
  const available = stage.approvers.filter((a) => !already.has(a.humanId));
  if (available.length >= stage.required) return request;
  const people = peopleFrom(await deps.store.find("humans"));
  const rules = effectiveRules(deps.policy, ctx.entitlement);
  const extra = securityOwners(deps.policy, people).filter(
    (a) => !already.has(a.humanId) && !stage.approvers.some((x) => x.humanId === a.humanId) && eligibleApprover(a, { requester: ctx.requester, people, conflictedHumanIds: new Set(), rules }),
  );
  const approvers = [...stage.approvers, ...extra];
  const usable = approvers.filter((a) => !already.has(a.humanId)).length;
  const stages = request.stages.map((s, i) => (i === request.currentStage ? { ...s, approvers, required: Math.max(1, Math.min(s.required, usable)) } : s));
  return { ...request, stages };
}

export async function decide(deps: CoreDeps, raw: DecisionInput, verdict: "approve" | "deny"): Promise<DecisionResult> {
  const input = parseInput(DecisionInput, raw);
  return retryOnConflict(async () => {
    const ctx = await loadRequestContext(deps.store, input.requestId);
    const early = await authorise(deps, ctx, input, verdict);
    if (early) return early;
    // After authorisation, so a forged or replayed deny is refused (and audited) for what it is.
    if (verdict === "deny" && (!input.reason || input.reason.length < 5)) {
      throw new ValidationError([{ field: "reason", message: "Say why you deny it (at least 5 characters); the requester will see it." }]);
    }

    const now = deps.clock.now();
    const at = now.toISOString();
    const actor = input.actorHumanId;
    let r = ctx.request;
    const stageIndex = r.currentStage;
    const stage = r.stages[stageIndex];
    r = { ...r, decisions: [...r.decisions, { stage: stageIndex, actorHumanId: actor, verdict, reason: input.reason, at }], updatedAt: at };
    const changes = new ChangeSet(deps);
    const subject = auditSubject(ctx);
    const humans = await loadHumans(deps.store, [actor]);
    const actorName = humans.get(actor)?.displayName ?? actor;
    let outcome: DecisionResult["outcome"];
    let message: string;

    if (verdict === "deny") {
      r = transition(r, "denied", actor, at, input.reason);
      outcome = "denied";
      message = `Denied. ${ctx.requester.displayName} has been told why.`;
      changes.record({ ...subject, action: "Deny", actor, message: `Denied at stage ${stage?.name}: ${input.reason}` });
      changes.notify(r.correlationId, [Notices.toRequester({ ...ctx, request: r }, `${actorName} denied your request for ${ctx.entitlement.displayName}: ${input.reason}`)], { requestIds: [r.id] });
    } else if (approvalsInStage(r, stageIndex).length < (stage?.required ?? 1)) {
      outcome = "stage_approved";
      const left = (stage?.required ?? 1) - approvalsInStage(r, stageIndex).length;
      message = `Approval recorded. The ${stage?.name} stage needs ${left} more.`;
      changes.record({ ...subject, action: "Approve", actor, message: `Approved at stage ${stage?.name} (${left} more needed)` });
      changes.notify(r.correlationId, [], { requestIds: [r.id] });
    } else if (stageIndex + 1 < r.stages.length) {
      const rules = effectiveRules(deps.policy, ctx.entitlement);
      r = await staffNextStage(deps, ctx, { ...r, currentStage: stageIndex + 1, nextReminderAt: addMinutes(now, rules.approval.reminderEveryHours * 60), escalateAt: addMinutes(now, rules.approval.escalateAfterHours * 60), escalationLevel: 0 });
      const next = r.stages[r.currentStage];
      const nextIds = mayDecide(r);
      const nextHumans = await loadHumans(deps.store, nextIds);
      const names = joinNames(nextIds.map((id) => nextHumans.get(id)?.displayName ?? id));
      outcome = "stage_approved";
      message = `Approved. Next: ${next?.name}, waiting for ${names}.`;
      changes.record({ ...subject, action: "Approve", actor, message: `Approved stage ${stage?.name}; moved to stage ${next?.name}` });
      const nctx = { ...ctx, request: r };
      changes.notify(r.correlationId, [...Notices.approvalNeeded(nctx, nextIds), Notices.toRequester(nctx, `${actorName} approved the ${stage?.name} stage. Now waiting for ${names} (${next?.name}).`)], { requestIds: [r.id] });
    } else {
      r = transition(r, "approved", actor, at);
      outcome = "approved";
      message = `Approved. ${ctx.entitlement.displayName} is being applied for ${ctx.requester.displayName}.`;
      changes.record({ ...subject, action: "Approve", actor, message: `Approved (final stage ${stage?.name})` });
      changes.provision(r, "grant");
      changes.notify(r.correlationId, [Notices.toRequester({ ...ctx, request: r }, `${actorName} approved your request for ${ctx.entitlement.displayName}. Applying it now…`)], { requestIds: [r.id] });
    }
    changes.put("requests", r);
    await changes.commit();
    const stored = { ...r, version: r.version + 1 };
    return { outcome, message, request: stored, view: await requestViewFor(deps, { ...ctx, request: stored }, actor) };
  });
}
