import type { CoreDeps } from "./shared/deps.js";
import { decide, type DecisionInput, type DecisionResult } from "./shared/decision.js";

/** An approver approves: records the decision, advances the stage or approves and queues provisioning. */
export function approveRequest(deps: CoreDeps, input: DecisionInput): Promise<DecisionResult> {
  return decide(deps, input, "approve");
}
