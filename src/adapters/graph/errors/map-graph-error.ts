import { BrokenCircuitError } from "cockatiel";
import { ErrorCodes, ProvisioningError } from "../../../core/errors.js";
import { graphErrorOf, type GraphReply, type GraphRequestSpec } from "../http/graph-reply.js";
import { GraphNetworkError } from "../http/graph-transport.js";
import type { CircuitKey } from "../resilience/policies.js";
import { TransientGraphFailure } from "../resilience/transient.js";

/** Every Graph answer the operation cannot accept becomes a typed, coded error with the Graph facts. */
export function errorFromReply(spec: GraphRequestSpec, reply: GraphReply): ProvisioningError {
  const g = graphErrorOf(reply);
  // A 4xx (policy refusal, bad data, missing object, no permission) stays wrong however often it is sent.
  const retryable = reply.status >= 500 || reply.status === 429 || reply.status === 408;
  return new ProvisioningError(
    ErrorCodes.GRAPH_ERROR,
    `Microsoft Graph refused ${spec.method} ${pathOnly(spec.path)}: ${reply.status} ${g.code}${g.message ? ` (${g.message})` : ""}`,
    retryable,
    { graphCode: g.code, httpStatus: reply.status, requestId: g.requestId, method: spec.method, path: pathOnly(spec.path) },
  );
}

/** Maps what the resilience policy gave up with (circuit open, retries exhausted, no answer). */
export function errorFromFailure(spec: GraphRequestSpec, family: CircuitKey, e: unknown): unknown {
  if (e instanceof BrokenCircuitError) {
    return new ProvisioningError(
      ErrorCodes.GRAPH_UNAVAILABLE,
      `Microsoft Graph ${family} endpoints are failing; calls are paused (circuit open)`,
      true,
      { family, circuitOpen: true, method: spec.method, path: pathOnly(spec.path) },
    );
  }
  if (e instanceof TransientGraphFailure) {
    const mapped = errorFromReply(spec, e.reply);
    return new ProvisioningError(mapped.code, mapped.message, true, { ...mapped.details, retryAfterMs: e.retryAfterMs });
  }
  if (e instanceof GraphNetworkError) {
    return new ProvisioningError(ErrorCodes.GRAPH_UNAVAILABLE, `Microsoft Graph did not answer ${spec.method} ${pathOnly(spec.path)}: ${e.reason}`, true, {
      family,
      method: spec.method,
      path: pathOnly(spec.path),
      timedOut: e.timedOut,
    });
  }
  return e;
}

export function pathOnly(path: string): string {
  return path.split("?")[0] ?? path;
}
