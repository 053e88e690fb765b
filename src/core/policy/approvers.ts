import type { Entitlement } from "../domain/entitlement.js";
import type { Human } from "../domain/identity.js";
import type { ApprovalStage, ApproverSource, StageApprover } from "../domain/request.js";
import { ErrorCodes, PolicyViolationError } from "../errors.js";
import type { EffectiveRules } from "./effective.js";
import type { People } from "./people.js";
import type { ApproverRef, Policy } from "./schema.js";

export interface ApproverContext {
  policy: Policy;
  rules: EffectiveRules;
  entitlement: Entitlement;
  requester: Human;
  people: People;
  /** Humans who hold a pending request for the same entitlement (separation of duties). */
  conflictedHumanIds: ReadonlySet<string>;
}

function resolveRef(ref: ApproverRef, ctx: ApproverContext): StageApprover[] {
  const { people, entitlement, requester, policy } = ctx;
  const one = (h: Human | undefined, source: ApproverSource) => (h ? [{ humanId: h.id, source }] : []);
  if (ref === "manager") return one(requester.managerHumanId ? people.byId(requester.managerHumanId) : undefined, "manager");
  if (ref === "owner") return one(entitlement.ownerStaffId ? people.byStaffId(entitlement.ownerStaffId) : undefined, "owner");
  if (ref === "deputy") return one(entitlement.deputyStaffId ? people.byStaffId(entitlement.deputyStaffId) : undefined, "deputy");
  if (ref === "securityOwner") return securityOwners(policy, people);
  if ("group" in ref) return (policy.groups[ref.group] ?? []).flatMap((s) => one(people.byStaffId(s), "group"));
  return one(people.byStaffId(ref.staffId), "group");
}

export function securityOwners(policy: Policy, people: People): StageApprover[] {
  return policy.securityOwners.staffIds.flatMap((s) => {
    const h = people.byStaffId(s);
    return h ? [{ humanId: h.id, source: "securityOwner" as const }] : [];
  });
}

/** Nobody approves their own request; inactive people and conflicted holders are skipped too. */
export function eligibleApprover(a: StageApprover, ctx: Pick<ApproverContext, "requester" | "people" | "conflictedHumanIds" | "rules">): boolean {
  if (a.humanId === ctx.requester.id) return false;
  if (ctx.rules.approval.separationOfDuties && ctx.conflictedHumanIds.has(a.humanId)) return false;
  return ctx.people.byId(a.humanId)?.active === true;
}

function dedupe(list: StageApprover[]): StageApprover[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.humanId) ? false : (seen.add(a.humanId), true)));
}

/**
 * Resolves the approver chain. A stage whose resolvers yield fewer people than it needs (nobody, or
 * only the requester) is filled from the security owners. Throws NO_APPROVERS when even they cannot.
 */
export function resolveStages(ctx: ApproverContext): ApprovalStage[] {
  return ctx.rules.approval.stages.map((stage) => {
    let approvers = dedupe(stage.approvers.flatMap((ref) => resolveRef(ref, ctx))).filter((a) => eligibleApprover(a, ctx));
    if (approvers.length < stage.anyOf) {
      approvers = dedupe([...approvers, ...securityOwners(ctx.policy, ctx.people).filter((a) => eligibleApprover(a, ctx))]);
    }
    if (approvers.length === 0) {
      throw new PolicyViolationError(
        ErrorCodes.NO_APPROVERS,
        `Nobody can approve stage "${stage.name}" for ${ctx.entitlement.displayName}: no manager, owner, deputy or security owner other than you is available. Contact the security team.`,
        { stage: stage.name },
      );
    }
    return { name: stage.name, required: Math.min(stage.anyOf, approvers.length), approvers };
  });
}
