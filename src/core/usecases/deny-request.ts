import type { CoreDeps } from "./shared/deps.js";
import { decide, type DecisionInput, type DecisionResult } from "./shared/decision.js";

/** An approver denies, with a reason the requester sees. */
export function denyRequest(deps: CoreDeps, input: DecisionInput): Promise<DecisionResult> {
  return decide(deps, input, "deny");
}
