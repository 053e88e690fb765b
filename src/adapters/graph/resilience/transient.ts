import type { GraphReply } from "../http/graph-reply.js";
import { GraphNetworkError } from "../http/graph-transport.js";

/** Answers that say "try again later": throttling and the gateway/service being unavailable. */
export const TRANSIENT_STATUSES = new Set([429, 503, 504]);

/**
 * A transient answer, thrown inside the policy so that cockatiel's retry and circuit breaker see it;
 * it never leaves the adapter (it is mapped to a ProvisioningError first).
 */
export class TransientGraphFailure extends Error {
  constructor(
    readonly reply: GraphReply,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`Graph answered ${reply.status}`);
    this.name = "TransientGraphFailure";
  }
}

export function isTransientReply(reply: GraphReply): boolean {
  return TRANSIENT_STATUSES.has(reply.status);
}

/** What the retry policy retries: transient answers and requests that got no answer at all. */
export function isRetryableFailure(e: unknown): e is TransientGraphFailure | GraphNetworkError {
  return e instanceof TransientGraphFailure || e instanceof GraphNetworkError;
}

/**
 * What the circuit breaker counts: the service being down or unreachable. Throttling (429) is not
 * counted: it means "slow down", which Retry-After already handles, not "the endpoint is broken".
 */
export function isOutageFailure(e: unknown): boolean {
  if (e instanceof GraphNetworkError) return true;
  return e instanceof TransientGraphFailure && e.reply.status !== 429;
}
