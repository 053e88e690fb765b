import { pageOf, selectFields } from "../odata/collection.js";
import type { Router } from "../pipeline/router.js";
import type { FakeInstance, FakeScheduleKind, FakeScheduleRequest } from "../state/model.js";
import { isRoleTarget } from "../state/model.js";
import { submitScheduleRequest } from "../state/schedule-engine.js";
import { metadata, type RouteContext } from "./context.js";

const ROLE = "/roleManagement/directory";
const GROUP = "/identityGovernance/privilegedAccess/group";

const ENDPOINTS: Array<{ kind: FakeScheduleKind; requests: string; instances: string }> = [
  { kind: "roleEligibility", requests: `${ROLE}/roleEligibilityScheduleRequests`, instances: `${ROLE}/roleEligibilityScheduleInstances` },
  { kind: "roleAssignment", requests: `${ROLE}/roleAssignmentScheduleRequests`, instances: `${ROLE}/roleAssignmentScheduleInstances` },
  { kind: "groupEligibility", requests: `${GROUP}/eligibilityScheduleRequests`, instances: `${GROUP}/eligibilityScheduleInstances` },
  { kind: "groupAssignment", requests: `${GROUP}/assignmentScheduleRequests`, instances: `${GROUP}/assignmentScheduleInstances` },
];

/** Graph's shape for each family: roles use `roleDefinitionId`/`directoryScopeId` and capitalised enums, groups lower-case. */
function instanceEntity(i: FakeInstance): Record<string, unknown> {
  const common = { id: i.id, principalId: i.principalId, startDateTime: i.startDateTime, endDateTime: i.endDateTime };
  if (isRoleTarget(i.target)) {
    const role = { ...common, roleDefinitionId: i.target.roleDefinitionId, directoryScopeId: i.target.directoryScopeId, appScopeId: null, memberType: "Direct" };
    return i.kind === "roleEligibility"
      ? { ...role, roleEligibilityScheduleId: i.id }
      : { ...role, assignmentType: i.assignmentType, roleAssignmentScheduleId: i.id, roleAssignmentOriginId: i.id };
  }
  const group = { ...common, groupId: i.target.groupId, accessId: i.target.accessId, memberType: "direct" };
  return i.kind === "groupEligibility"
    ? { ...group, eligibilityScheduleId: i.id }
    : { ...group, assignmentType: i.assignmentType === "Activated" ? "activated" : "assigned", assignmentScheduleId: i.id };
}

function requestEntity(r: FakeScheduleRequest): Record<string, unknown> {
  const target = isRoleTarget(r.target)
    ? { roleDefinitionId: r.target.roleDefinitionId, directoryScopeId: r.target.directoryScopeId, appScopeId: null }
    : { groupId: r.target.groupId, accessId: r.target.accessId };
  return {
    id: r.id,
    action: r.action,
    status: r.status,
    principalId: r.principalId,
    ...target,
    justification: r.justification,
    isValidationOnly: false,
    scheduleInfo: r.scheduleInfo,
    ticketInfo: r.ticketInfo,
    createdDateTime: r.createdDateTime,
    completedDateTime: r.completedDateTime,
    approvalId: null,
    customData: null,
    targetScheduleId: r.targetScheduleId,
  };
}

export function registerScheduleRoutes(router: Router, ctx: RouteContext): void {
  for (const ep of ENDPOINTS) {
    const set = ep.requests.replace(/^\//, "");
    router.add("POST", ep.requests, (req) => {
      const r = submitScheduleRequest(ep.kind, req.body, ctx);
      return { status: 201, body: { "@odata.context": metadata(req.apiRoot, `${set}/$entity`), ...requestEntity(r) } };
    });
    router.add("GET", ep.requests, (req) => ({
      status: 200,
      body: pageOf(
        ctx.state.scheduleRequests.filter((r) => r.kind === ep.kind).map(requestEntity),
        { query: req.query, selfUrl: req.selfUrl, context: metadata(req.apiRoot, set), defaultPageSize: ctx.pageSize },
        (e) => (req.query.get("$select") ? selectFields(e, req.query, []) : e),
      ),
    }));
    router.add("GET", ep.instances, (req) => {
      ctx.state.noteInstanceRead();
      return {
        status: 200,
        body: pageOf(
          ctx.state.currentInstances(ep.kind).map(instanceEntity),
          { query: req.query, selfUrl: req.selfUrl, context: metadata(req.apiRoot, ep.instances.replace(/^\//, "")), defaultPageSize: ctx.pageSize },
          (e) => (req.query.get("$select") ? selectFields(e, req.query, []) : e),
        ),
      };
    });
  }

  router.add("GET", `${ROLE}/roleDefinitions`, (req) => ({
    status: 200,
    body: pageOf(
      [...ctx.state.roleDefinitions.values()].map((d) => ({ ...d })),
      { query: req.query, selfUrl: req.selfUrl, context: metadata(req.apiRoot, "roleManagement/directory/roleDefinitions"), defaultPageSize: 999 },
      (e) => (req.query.get("$select") ? selectFields(e, req.query, []) : e),
    ),
  }));
}
