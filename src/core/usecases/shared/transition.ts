import type { AccessRequest, RequestState } from "../../domain/request.js";
import { canTransition } from "../../domain/request.js";
import { ConflictError, ErrorCodes } from "../../errors.js";

/** Returns the request moved to `to`, or throws INVALID_TRANSITION; never mutates its input. */
export function transition(request: AccessRequest, to: RequestState, actor: string, at: string, reason?: string): AccessRequest {
  if (!canTransition(request.state, to)) {
    throw new ConflictError(ErrorCodes.INVALID_TRANSITION, `The request is ${request.state.replace("_", " ")} and cannot become ${to.replace("_", " ")}.`, {
      requestId: request.id,
      from: request.state,
      to,
    });
  }
  return {
    ...request,
    state: to,
    updatedAt: at,
    history: [...request.history, { from: request.state, to, at, actor, reason }],
  };
}
