import { badRequest, GraphFault, notFound } from "../pipeline/graph-fault.js";
import type { RouteContext } from "../routes/context.js";
import { isoDurationMs } from "./iso-duration.js";
import type { FakeInstance, FakeScheduleKind, FakeScheduleRequest, FakeScheduleTarget } from "./model.js";

const isGroupKind = (k: FakeScheduleKind) => k === "groupEligibility" || k === "groupAssignment";
const isActiveKind = (k: FakeScheduleKind) => k === "roleAssignment" || k === "groupAssignment";

const policyFailed = (rule: string) =>
  new GraphFault(400, "RoleAssignmentRequestPolicyValidationFailed", `The following policy rules failed: ["${rule}"]`);

interface RequestBody {
  action?: string;
  principalId?: string;
  roleDefinitionId?: string;
  directoryScopeId?: string;
  groupId?: string;
  accessId?: "member" | "owner";
  justification?: string;
  scheduleInfo?: { startDateTime?: string | null; expiration?: { type?: string; endDateTime?: string | null; duration?: string | null } };
  ticketInfo?: Record<string, unknown>;
}

/**
 * PIM as the fake plays it: admin assign/remove/extend and self-activation on the four schedule
 * families, with the refusals Graph gives (exists, does not exist, policy rules) and optional delayed
 * provisioning so that clients must read back.
 */
export function submitScheduleRequest(kind: FakeScheduleKind, rawBody: unknown, ctx: RouteContext): FakeScheduleRequest {
  const body = (rawBody ?? {}) as RequestBody;
  const action = body.action;
  if (!action) throw badRequest("Property 'action' is required.");
  if (!body.principalId) throw badRequest("Property 'principalId' is required.");
  if (!ctx.state.user(body.principalId)) throw notFound(body.principalId);
  const target = targetOf(kind, body, ctx);
  const now = ctx.now();
  const existing = ctx.state.instancesFor(kind, body.principalId, target);
  const request: FakeScheduleRequest = {
    id: ctx.ids.next(),
    kind,
    action,
    status: "Provisioned",
    principalId: body.principalId,
    target,
    justification: body.justification ?? null,
    scheduleInfo: null,
    ticketInfo: body.ticketInfo ?? null,
    createdDateTime: now.toISOString(),
    completedDateTime: now.toISOString(),
    targetScheduleId: null,
  };

  switch (action) {
    case "adminAssign":
    case "adminRenew": {
      if (existing.length > 0) throw new GraphFault(400, "RoleAssignmentExists", "The Role assignment already exists.");
      requireJustification(body);
      const { start, end } = scheduleOf(body, now, kind, ctx);
      request.scheduleInfo = echoSchedule(body, start);
      const instance = newInstance(ctx, kind, body.principalId, target, start, end, "Assigned");
      request.targetScheduleId = instance.id;
      materialise(instance, request, ctx);
      break;
    }
    case "adminRemove": {
      const assigned = existing.filter((i) => i.assignmentType === "Assigned");
      if (assigned.length === 0) throw new GraphFault(400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
      for (const i of assigned) removeInstance(i, ctx);
      request.status = "Revoked";
      break;
    }
    case "adminExtend":
    case "adminUpdate": {
      const assigned = existing.filter((i) => i.assignmentType === "Assigned");
      if (assigned.length === 0) throw new GraphFault(400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
      requireJustification(body);
      const { start, end } = scheduleOf(body, now, kind, ctx);
      request.scheduleInfo = echoSchedule(body, start);
      for (const i of assigned) i.endDateTime = end;
      request.targetScheduleId = assigned[0]?.id ?? null;
      break;
    }
    case "selfActivate": {
      if (!isActiveKind(kind)) throw badRequest("selfActivate applies to assignment schedule requests only.");
      const eligibleKind: FakeScheduleKind = kind === "roleAssignment" ? "roleEligibility" : "groupEligibility";
      if (ctx.state.instancesFor(eligibleKind, body.principalId, target).length === 0) throw policyFailed("EligibilityRule");
      if (existing.some((i) => i.assignmentType === "Activated")) throw new GraphFault(400, "RoleAssignmentExists", "The Role assignment already exists.");
      requireJustification(body);
      const { start, end } = scheduleOf(body, now, kind, ctx);
      request.scheduleInfo = echoSchedule(body, start);
      const instance = newInstance(ctx, kind, body.principalId, target, start, end, "Activated");
      request.targetScheduleId = instance.id;
      materialise(instance, request, ctx);
      break;
    }
    case "selfDeactivate": {
      const activated = existing.filter((i) => i.assignmentType === "Activated");
      if (activated.length === 0) throw new GraphFault(400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
      for (const i of activated) removeInstance(i, ctx);
      request.status = "Revoked";
      break;
    }
    default:
      throw badRequest(`The fake tenant does not implement action '${action}'.`);
  }
  ctx.state.scheduleRequests.push(request);
  return request;
}

function targetOf(kind: FakeScheduleKind, body: RequestBody, ctx: RouteContext): FakeScheduleTarget {
  if (isGroupKind(kind)) {
    if (!body.groupId) throw badRequest("Property 'groupId' is required.");
    if (body.accessId !== "member" && body.accessId !== "owner") throw badRequest("Property 'accessId' must be 'member' or 'owner'.");
    if (!ctx.state.group(body.groupId)) throw notFound(body.groupId);
    return { groupId: body.groupId, accessId: body.accessId };
  }
  if (!body.roleDefinitionId) throw badRequest("Property 'roleDefinitionId' is required.");
  if (!body.directoryScopeId) throw badRequest("Property 'directoryScopeId' is required.");
  if (!ctx.state.roleDefinitions.has(body.roleDefinitionId.toLowerCase())) throw notFound(body.roleDefinitionId);
  return { roleDefinitionId: body.roleDefinitionId, directoryScopeId: body.directoryScopeId };
}

function requireJustification(body: RequestBody): void {
  if (!body.justification?.trim()) throw policyFailed("JustificationRule");
}

function scheduleOf(body: RequestBody, now: Date, kind: FakeScheduleKind, ctx: RouteContext): { start: string; end: string } {
  const info = body.scheduleInfo;
  const start = info?.startDateTime ? new Date(info.startDateTime) : now;
  if (Number.isNaN(start.getTime())) throw badRequest("Invalid scheduleInfo.startDateTime.");
  const exp = info?.expiration;
  let endMs: number;
  if (exp?.type === "afterDateTime" && exp.endDateTime) endMs = Date.parse(exp.endDateTime);
  else if (exp?.type === "afterDuration" && exp.duration) endMs = start.getTime() + (isoDurationMs(exp.duration) ?? Number.NaN);
  else throw policyFailed("ExpirationRule"); // the fake's policy allows no permanent assignments
  if (Number.isNaN(endMs)) throw badRequest("Invalid scheduleInfo.expiration.");
  if (endMs <= start.getTime()) throw badRequest("The schedule must end after it starts.");
  const max = isActiveKind(kind) ? ctx.policy.maxActiveMs : ctx.policy.maxEligibleMs;
  if (endMs - Math.max(start.getTime(), now.getTime()) > max) throw policyFailed("ExpirationRule");
  return { start: start.toISOString(), end: new Date(endMs).toISOString() };
}

function echoSchedule(body: RequestBody, start: string): Record<string, unknown> {
  const exp = body.scheduleInfo?.expiration ?? {};
  return {
    startDateTime: start,
    recurrence: null,
    expiration: { type: exp.type ?? "notSpecified", endDateTime: exp.endDateTime ?? null, duration: exp.duration ?? null },
  };
}

function newInstance(
  ctx: RouteContext,
  kind: FakeScheduleKind,
  principalId: string,
  target: FakeScheduleTarget,
  start: string,
  end: string,
  assignmentType: FakeInstance["assignmentType"],
): FakeInstance {
  const instance: FakeInstance = {
    id: ctx.ids.next(),
    kind,
    principalId,
    target,
    startDateTime: start,
    endDateTime: end,
    assignmentType,
    visible: ctx.provisioning.delayMs <= 0,
    hiddenForReads: ctx.provisioning.visibleAfterReads,
  };
  ctx.state.instances.set(instance.id, instance);
  return instance;
}

/** Provisioning now, or after the configured delay (the request reports PendingProvisioning meanwhile). */
function materialise(instance: FakeInstance, request: FakeScheduleRequest, ctx: RouteContext): void {
  const addMember = () => {
    if (instance.kind === "groupAssignment" && ctx.state.instances.has(instance.id)) {
      ctx.state.group((instance.target as { groupId: string }).groupId)?.members.add(instance.principalId.toLowerCase());
    }
  };
  if (instance.visible && instance.hiddenForReads <= 0) {
    addMember();
    return;
  }
  request.status = "PendingProvisioning";
  request.completedDateTime = null;
  if (!instance.visible) {
    ctx.later(() => {
      instance.visible = true;
      request.status = "Provisioned";
      request.completedDateTime = ctx.now().toISOString();
      addMember();
    }, ctx.provisioning.delayMs);
  } else {
    addMember();
  }
}

function removeInstance(i: FakeInstance, ctx: RouteContext): void {
  ctx.state.instances.delete(i.id);
  if (i.kind !== "groupAssignment") return;
  const g = ctx.state.group((i.target as { groupId: string }).groupId);
  const stillAssigned = ctx.state.instancesFor("groupAssignment", i.principalId, i.target).length > 0;
  if (g && !stillAssigned) g.members.delete(i.principalId.toLowerCase());
}
