import { mayDecide } from "../domain/approval.js";
import { formatMinutes } from "../domain/duration.js";
import type { Human } from "../domain/identity.js";
import { finalDecision, type AccessRequest } from "../domain/request.js";
import type { EffectiveRules } from "../policy/effective.js";
import type { Policy } from "../policy/schema.js";
import type { RequestContext } from "../domain/request-context.js";
import { formatInstant, joinNames, stateLabel } from "./format.js";
import type { ActionView, FactView, RequestActionId, RequestView, StageView, Tone, ViewerRole } from "./types.js";

export interface RequestViewInput {
  ctx: RequestContext;
  /** Everyone the view names (approvers, deciders); missing people show as their id. */
  humans: ReadonlyMap<string, Human>;
  policy: Policy;
  rules: EffectiveRules;
  now: Date;
  viewerHumanId?: string;
  /**
   * A copy shared by many people (the security channel): actions are those of the security owners,
   * and the core re-checks whoever presses them.
   */
  audience?: "securityChannel";
}

const TONES: Record<string, Tone> = {
  pending: "accent",
  approved: "accent",
  provisioning: "accent",
  active: "good",
  denied: "attention",
  failed: "attention",
  revoked: "warning",
  expired: "neutral",
  cancelled: "neutral",
  timed_out: "warning",
  draft: "neutral",
};

export const EXTENSION_CHOICES = [30, 60, 120, 240];

function nameOf(humans: ReadonlyMap<string, Human>, id: string): string {
  return humans.get(id)?.displayName ?? id;
}

function isSecurityOwner(policy: Policy, human: Human | undefined): boolean {
  return !!human?.staffId && policy.securityOwners.staffIds.includes(human.staffId);
}

/** Extension lengths still inside the policy's limit for this grant. */
export function extensionOptions(request: AccessRequest, rules: EffectiveRules): number[] {
  if (!rules.extension.allowed || !request.startAt || !request.endAt) return [];
  const limit = rules.extension.maxTotalMinutes ?? rules.duration.maxMinutes;
  const used = (Date.parse(request.provisioning.pendingEndAt ?? request.endAt) - Date.parse(request.startAt)) / 60_000;
  return EXTENSION_CHOICES.filter((m) => used + m <= limit);
}

function stagesOf(request: AccessRequest, humans: ReadonlyMap<string, Human>): StageView[] {
  const pendingIds = new Set(mayDecide(request));
  return request.stages.map((stage, i) => {
    const approvedBy = request.decisions
      .filter((d) => d.stage === i && d.verdict === "approve")
      .map((d) => ({ name: nameOf(humans, d.actorHumanId), at: d.at }));
    const status: StageView["status"] = i < request.currentStage || approvedBy.length >= stage.required ? "done" : i === request.currentStage ? "current" : "upcoming";
    const waitingFor = status === "current" && request.state === "pending" ? stage.approvers.filter((a) => pendingIds.has(a.humanId)).map((a) => ({ humanId: a.humanId, name: nameOf(humans, a.humanId) })) : [];
    return { name: stage.name, required: stage.required, status, approvedBy, waitingFor };
  });
}

function outcomeOf(request: AccessRequest, humans: ReadonlyMap<string, Human>): string | undefined {
  const decision = finalDecision(request);
  switch (request.state) {
    case "denied":
      return decision ? `Denied by ${nameOf(humans, decision.actorHumanId)}, ${formatInstant(decision.at)}: ${decision.reason ?? "no reason given"}` : "Denied";
    case "cancelled":
      return `Cancelled by the requester, ${formatInstant(request.updatedAt)}`;
    case "timed_out":
      return `Nobody decided before the deadline (${formatInstant(request.approvalDeadlineAt)})`;
    case "revoked":
      return `Revoked ${formatInstant(request.revocation?.at ?? request.updatedAt)}${request.revocation ? `: ${request.revocation.reason}` : ""}`;
    case "expired":
      return `Expired ${formatInstant(request.endAt)}`;
    case "failed":
      return `Could not be applied: ${request.provisioning.lastError?.message ?? "unknown error"}. The security team can retry it.`;
    default:
      if (request.autoApproval) return `Approved automatically: ${request.autoApproval.reason}`;
      if (request.kind === "emergency") return `Emergency access, granted immediately for incident ${request.ticket ?? "?"}`;
      if (decision && request.state !== "pending") return `Approved by ${nameOf(humans, decision.actorHumanId)}, ${formatInstant(decision.at)}`;
      return undefined;
  }
}

function actionsFor(input: RequestViewInput, role: ViewerRole, decide: string[]): ActionView<RequestActionId>[] {
  const { ctx, rules, viewerHumanId, policy, humans } = input;
  const r = ctx.request;
  const actions: ActionView<RequestActionId>[] = [];
  if (input.audience === "securityChannel") return securityActions(r);
  if (!viewerHumanId) return actions;
  if (r.state === "pending" && decide.includes(viewerHumanId)) {
    actions.push({ id: "approve", label: "Approve", style: "positive" });
    actions.push({ id: "deny", label: "Deny", style: "destructive", needsText: { label: "Reason for denying", required: true, minLength: 5 } });
  }
  if (role === "requester" && (r.state === "pending" || r.state === "draft")) {
    actions.push({ id: "cancel", label: "Cancel request", style: "default" });
  }
  if (role === "requester" && r.state === "active") {
    const options = extensionOptions(r, rules);
    if (options.length > 0 && r.kind !== "emergency") {
      actions.push({ id: "extend", label: "Extend", style: "default", choices: { label: "Extend by", options: options.map((m) => ({ value: String(m), label: formatMinutes(m) })) } });
    }
    actions.push({ id: "release", label: "Release now", style: "destructive" });
  }
  const viewer = humans.get(viewerHumanId);
  if (isSecurityOwner(policy, viewer) && role !== "requester") actions.push(...securityActions(r));
  return actions;
}

function securityActions(r: AccessRequest): ActionView<RequestActionId>[] {
  const actions: ActionView<RequestActionId>[] = [];
  if (r.kind === "emergency" && !r.acknowledgement && ["provisioning", "active", "approved"].includes(r.state)) {
    actions.push({ id: "acknowledge", label: "Acknowledge", style: "positive" });
  }
  if (r.state === "failed") actions.push({ id: "retry", label: "Retry provisioning", style: "default" });
  if (r.state === "active") {
    actions.push({ id: "release", label: "Revoke now", style: "destructive", needsText: { label: "Reason for revoking", required: true, minLength: 5 } });
  }
  return actions;
}

export function buildRequestView(input: RequestViewInput): RequestView {
  const { ctx, humans, viewerHumanId, policy } = input;
  const r = ctx.request;
  const decide = mayDecide(r);
  const requesterName = ctx.requester.displayName;
  const role: ViewerRole = input.audience === "securityChannel"
    ? "security"
    : !viewerHumanId
    ? "observer"
    : viewerHumanId === r.requesterHumanId
      ? "requester"
      : r.stages.some((s) => s.approvers.some((a) => a.humanId === viewerHumanId))
        ? "approver"
        : isSecurityOwner(policy, humans.get(viewerHumanId))
          ? "security"
          : "observer";
  const kindLabel = r.grantKind === "eligible" ? "eligible" : "active";
  const facts: FactView[] = [
    { label: "Requester", value: requesterName },
    { label: "Account", value: `${ctx.identity.userPrincipalName} (${ctx.identity.type})` },
    { label: "Entitlement", value: `${ctx.entitlement.displayName}${ctx.entitlement.privileged ? " (privileged)" : ""}` },
    { label: "Type", value: `${ctx.entitlement.type}, ${kindLabel}` },
    { label: "Duration", value: formatMinutes(r.durationMinutes) },
  ];
  if (r.ticket) facts.push({ label: r.kind === "emergency" ? "Incident" : "Ticket", value: r.ticket });
  if (r.state === "pending" && r.approvalDeadlineAt) facts.push({ label: "Decide by", value: formatInstant(r.approvalDeadlineAt) });
  if (r.startAt && r.endAt && ["active", "expired", "revoked"].includes(r.state)) {
    facts.push({ label: r.state === "active" ? "Active until" : "Was active until", value: formatInstant(r.endAt) });
  }
  if (r.provisioning.pendingEndAt) facts.push({ label: "Extending to", value: formatInstant(r.provisioning.pendingEndAt) });
  if (r.acknowledgement) facts.push({ label: "Acknowledged by", value: `${nameOf(humans, r.acknowledgement.byHumanId)}, ${formatInstant(r.acknowledgement.at)}` });
  const stages = stagesOf(r, humans);
  const waiting = stages.find((s) => s.status === "current")?.waitingFor.map((p) => p.name) ?? [];
  const summary =
    r.state === "pending"
      ? `${requesterName} asks for ${kindLabel} ${ctx.entitlement.displayName} for ${formatMinutes(r.durationMinutes)}. Waiting for ${joinNames(waiting)}.`
      : `${requesterName}: ${kindLabel} ${ctx.entitlement.displayName} for ${formatMinutes(r.durationMinutes)}.`;
  return {
    type: "request",
    requestId: r.id,
    version: r.version,
    emergency: r.kind === "emergency",
    title: `${r.kind === "emergency" ? "🚨 Emergency: " : ""}${ctx.entitlement.displayName} for ${ctx.identity.userPrincipalName}`,
    summary,
    state: r.state,
    stateLabel: stateLabel(r.state),
    tone: r.kind === "emergency" && r.state === "active" ? "warning" : (TONES[r.state] ?? "neutral"),
    requester: { humanId: r.requesterHumanId, name: requesterName },
    identity: { userPrincipalName: ctx.identity.userPrincipalName, type: ctx.identity.type },
    entitlement: { id: ctx.entitlement.id, code: ctx.entitlement.code, displayName: ctx.entitlement.displayName, type: ctx.entitlement.type, privileged: ctx.entitlement.privileged },
    grantKind: r.grantKind,
    durationLabel: formatMinutes(r.durationMinutes),
    justification: r.justification,
    ticket: r.ticket,
    facts,
    stages,
    outcome: outcomeOf(r, humans),
    window: r.startAt && r.endAt ? { startAt: r.startAt, endAt: r.endAt } : undefined,
    mayDecide: decide,
    viewer: { humanId: viewerHumanId, role },
    actions: actionsFor(input, role, decide),
    updatedAt: r.updatedAt,
  };
}
