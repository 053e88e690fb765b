import type { AuditEntry, AuditLog } from "../../../core/ports/audit.js";
import type { Clock } from "../../../core/ports/clock.js";
import type { IdGenerator } from "../../../core/ports/ids.js";
import { graphErrorOf, isSuccess, type GraphReply, type GraphRequestSpec } from "../http/graph-reply.js";

/** Who and why a Graph call is made, carried from the provisioning context into each audit record. */
export interface CallContext {
  actor: string;
  correlationId: string;
  idempotencyKey?: string;
  /** Graph object id of the principal the change is about. */
  nativeIdentity?: string;
  /** Group id or role definition id. */
  entitlement?: string;
}

export interface GraphCallRecord {
  spec: GraphRequestSpec;
  /** 0 for the first try; each retry increments it. */
  attempt: number;
  reply?: GraphReply;
  /** Why there is no reply (timeout, connection reset). */
  networkError?: string;
  /** Set for requests that travelled inside a JSON batch: the batch's own request-id. */
  batchRequestId?: string;
}

/**
 * Turns Graph calls into `GraphCall` audit entries: method, path, status, request-id and attempt.
 * Headers are never copied, so the bearer token cannot reach the log.
 */
export class GraphCallAudit {
  constructor(
    private readonly log: AuditLog,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly application: string,
  ) {}

  async record(ctx: CallContext, calls: GraphCallRecord[]): Promise<void> {
    await this.recordEach(calls.map((call) => ({ ctx, call })));
  }

  /** One append for many calls (the items of a batch), each with its own change's context. */
  async recordEach(calls: Array<{ ctx: CallContext; call: GraphCallRecord }>): Promise<void> {
    if (calls.length === 0) return;
    await this.log.append(calls.map(({ ctx, call }) => this.entry(ctx, call)));
  }

  private entry(ctx: CallContext, c: GraphCallRecord): AuditEntry {
    const status = c.reply?.status;
    const ok = c.reply !== undefined && isSuccess(c.reply);
    const graphCode = c.reply && !ok ? graphErrorOf(c.reply).code : undefined;
    return {
      id: this.ids.next("audit"),
      at: this.clock.now().toISOString(),
      action: "GraphCall",
      actor: ctx.actor,
      application: this.application,
      entitlement: ctx.entitlement,
      nativeIdentity: ctx.nativeIdentity,
      message: `${c.spec.method} ${c.spec.path} -> ${status ?? c.networkError ?? "no answer"}${c.attempt ? ` (retry ${c.attempt})` : ""}`,
      correlationId: ctx.correlationId,
      result: ok ? "success" : "failure",
      details: {
        method: c.spec.method,
        path: c.spec.path,
        status: status ?? null,
        graphRequestId: c.reply?.requestId ?? null,
        clientRequestId: c.reply?.clientRequestId ?? null,
        attempt: c.attempt,
        ...(graphCode ? { graphCode } : {}),
        ...(c.networkError ? { networkError: c.networkError } : {}),
        ...(c.batchRequestId ? { batchRequestId: c.batchRequestId } : {}),
        ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
      },
    };
  }
}
