import type { AccessRequest } from "./request.js";

/** People who may still decide the request now: current-stage approvers who have not approved any stage. */
export function mayDecide(request: AccessRequest): string[] {
  if (request.state !== "pending") return [];
  const approved = new Set(request.decisions.filter((d) => d.verdict === "approve").map((d) => d.actorHumanId));
  return (request.stages[request.currentStage]?.approvers ?? []).map((a) => a.humanId).filter((id) => !approved.has(id));
}

export function everyApproverId(request: AccessRequest): string[] {
  return [...new Set(request.stages.flatMap((s) => s.approvers.map((a) => a.humanId)))];
}
