import type { Clock } from "../../core/ports/clock.js";
import type { CallContext, GraphCallAudit } from "./audit/graph-call-audit.js";
import { errorFromFailure } from "./errors/map-graph-error.js";
import type { GraphReply, GraphRequestSpec } from "./http/graph-reply.js";
import { GraphNetworkError, type GraphTransport } from "./http/graph-transport.js";
import { endpointFamilyOf } from "./resilience/endpoint-family.js";
import type { CircuitKey, ResiliencePolicies } from "./resilience/policies.js";
import { parseRetryAfter } from "./resilience/retry-after.js";
import { TransientGraphFailure, isTransientReply } from "./resilience/transient.js";

export interface CallOptions {
  firstDelayMs?: number;
  attemptOffset?: number;
  /** Circuit to use when it is not the path's own family (the `$batch` envelope). */
  circuit?: CircuitKey;
}

/**
 * One Graph request with everything around it: retries, circuit, and one audit record per try.
 * Returns any non-transient answer (the operation decides what a 400 or 404 means); throws a
 * ProvisioningError when it gives up.
 */
export class GraphCaller {
  constructor(
    private readonly transport: GraphTransport,
    private readonly policies: ResiliencePolicies,
    private readonly audit: GraphCallAudit,
    private readonly clock: Clock,
  ) {}

  get resilience(): ResiliencePolicies {
    return this.policies;
  }

  retryAfterOf(reply: GraphReply): number | undefined {
    return parseRetryAfter(reply.headers["retry-after"], this.clock.now());
  }

  async call(spec: GraphRequestSpec, ctx: CallContext, opts: CallOptions = {}): Promise<GraphReply> {
    const circuit = opts.circuit ?? endpointFamilyOf(spec.path);
    try {
      return await this.policies.execute(
        circuit,
        async (attempt) => {
          let reply: GraphReply;
          try {
            reply = await this.transport.send(spec);
          } catch (e) {
            if (e instanceof GraphNetworkError) await this.audit.record(ctx, [{ spec, attempt, networkError: e.reason }]);
            throw e;
          }
          await this.audit.record(ctx, [{ spec, attempt, reply }]);
          if (isTransientReply(reply)) throw new TransientGraphFailure(reply, this.retryAfterOf(reply));
          return reply;
        },
        { firstDelayMs: opts.firstDelayMs, attemptOffset: opts.attemptOffset },
      );
    } catch (e) {
      throw errorFromFailure(spec, circuit, e);
    }
  }
}
