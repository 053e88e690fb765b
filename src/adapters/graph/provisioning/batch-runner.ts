import { ErrorCodes, isPimError } from "../../../core/errors.js";
import type { IdGenerator } from "../../../core/ports/ids.js";
import type { ProvisioningChange, ProvisioningContext, ProvisioningResult } from "../../../core/ports/provisioning.js";
import type { CallContext, GraphCallAudit } from "../audit/graph-call-audit.js";
import { errorFromFailure, errorFromReply } from "../errors/map-graph-error.js";
import type { GraphCaller } from "../graph-caller.js";
import { graphErrorOf, type GraphReply, type GraphRequestSpec } from "../http/graph-reply.js";
import { endpointFamilyOf } from "../resilience/endpoint-family.js";
import { TransientGraphFailure, isOutageFailure, isTransientReply } from "../resilience/transient.js";
import { callContextOf, type ChangeRunner } from "./change-runner.js";
import { forEachLimited } from "./concurrency.js";
import type { PlannedChange } from "./plan-change.js";

export interface BatchSettings {
  /** Requests per `$batch`; Graph allows at most 20. */
  size: number;
  /** Batches in flight at once. */
  concurrency: number;
  /** Wait before retrying an item that failed transiently without a Retry-After. */
  itemRetryDelayMs: number;
  /** Longer Retry-Afters are handed back to the outbox instead of waited out. */
  maxRetryAfterMs: number;
}

interface Entry {
  index: number;
  plan: PlannedChange & { write: GraphRequestSpec };
  ctx: CallContext;
}

interface BatchItemResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type Outcome = ProvisioningResult | Error;

/**
 * `applyMany`: the writes of many changes in JSON batches of up to 20. Each item is judged exactly as
 * a single call would be; items that came back throttled or unavailable are retried one by one after
 * their own Retry-After (the SDK does not retry inside a batch, and Graph throttles each item on its own).
 */
export class BatchRunner {
  constructor(
    private readonly runner: ChangeRunner,
    private readonly caller: GraphCaller,
    private readonly audit: GraphCallAudit,
    private readonly ids: IdGenerator,
    private readonly settings: BatchSettings,
  ) {}

  async run(items: { change: ProvisioningChange; ctx: ProvisioningContext }[]): Promise<Outcome[]> {
    const results: Outcome[] = new Array(items.length);
    const batchable: Entry[] = [];
    const individual: number[] = [];
    await Promise.all(
      items.map(async ({ change }, index) => {
        try {
          await this.runner.validate(change);
        } catch (e) {
          results[index] = asError(e);
          return;
        }
        // Invitations are two dependent calls (the second needs the new user's id): not batchable.
        if (change.op === "inviteGuest") {
          individual.push(index);
          return;
        }
        const plan = this.runner.plan(change);
        // An open circuit must fail fast (or let one probe through): that happens on the single path.
        if (!plan.write || this.caller.resilience.isOpen(endpointFamilyOf(plan.write.path))) {
          individual.push(index);
          return;
        }
        batchable.push({ index, plan: plan as Entry["plan"], ctx: callContextOf(change, items[index]!.ctx) });
      }),
    );
    batchable.sort((a, b) => a.index - b.index);
    const batches: Entry[][] = [];
    for (let i = 0; i < batchable.length; i += this.settings.size) batches.push(batchable.slice(i, i + this.settings.size));

    await forEachLimited(batches, this.settings.concurrency, (batch) => this.runBatch(batch, results));
    await forEachLimited(individual, this.settings.concurrency, async (index) => {
      const { change, ctx } = items[index]!;
      results[index] = await this.runner.apply(change, ctx).catch(asError);
    });
    return results;
  }

  private async runBatch(entries: Entry[], results: Outcome[]): Promise<void> {
    const spec: GraphRequestSpec = {
      method: "POST",
      path: "/$batch",
      body: {
        requests: entries.map((e, i) => ({
          id: String(i + 1),
          method: e.plan.write.method,
          url: e.plan.write.path,
          ...(e.plan.write.body !== undefined ? { headers: { "Content-Type": "application/json" }, body: e.plan.write.body } : {}),
        })),
      },
    };
    const actors = new Set(entries.map((e) => e.ctx.actor));
    const batchCtx: CallContext = {
      actor: actors.size === 1 ? [...actors][0]! : "system:provisioning",
      correlationId: this.ids.next("correlation"),
    };
    let reply: GraphReply;
    try {
      reply = await this.caller.call(spec, batchCtx, { circuit: "batch" });
    } catch (e) {
      if (isPimError(e) && e.code === ErrorCodes.GRAPH_UNAVAILABLE && e.details.circuitOpen) {
        // The $batch front door is failing, not necessarily the endpoints: try the changes one by one.
        await Promise.all(entries.map(async (en) => (results[en.index] = await this.runner.run(en.plan, en.ctx).catch(asError))));
        return;
      }
      entries.forEach((en) => (results[en.index] = asError(e)));
      return;
    }
    if (reply.status !== 200) {
      const error = errorFromReply(spec, reply);
      entries.forEach((en) => (results[en.index] = error));
      return;
    }
    const byId = new Map<string, BatchItemResponse>();
    for (const r of (reply.body as { responses?: BatchItemResponse[] })?.responses ?? []) byId.set(r.id.toLowerCase(), r);
    const itemReplies = entries.map((en, i) => {
      const r = byId.get(String(i + 1));
      return r ? toReply(r, reply) : undefined;
    });
    await this.audit.recordEach(
      entries.flatMap((en, i) => {
        const r = itemReplies[i];
        return r ? [{ ctx: en.ctx, call: { spec: en.plan.write, attempt: 0, reply: r, batchRequestId: reply.requestId } }] : [];
      }),
    );
    await Promise.all(
      entries.map(async (en, i) => {
        results[en.index] = await this.settle(en, itemReplies[i]).catch(asError);
      }),
    );
  }

  private async settle(en: Entry, r: GraphReply | undefined): Promise<ProvisioningResult> {
    const family = endpointFamilyOf(en.plan.write.path);
    if (r && !isTransientReply(r)) {
      await this.caller.resilience.record(family);
      return this.runner.finishReply(en.plan, r, en.ctx);
    }
    const retryAfter = r ? this.caller.retryAfterOf(r) : undefined;
    if (r) {
      const failure = new TransientGraphFailure(r, retryAfter);
      if (isOutageFailure(failure)) await this.caller.resilience.record(family, failure);
      if ((retryAfter ?? 0) > this.settings.maxRetryAfterMs) throw errorFromFailure(en.plan.write, family, failure);
    }
    return this.runner.run(en.plan, en.ctx, { firstDelayMs: retryAfter ?? this.settings.itemRetryDelayMs, attemptOffset: 1 });
  }
}

function toReply(r: BatchItemResponse, batch: GraphReply): GraphReply {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  const reply: GraphReply = { status: r.status, body: r.body, headers, clientRequestId: batch.clientRequestId };
  reply.requestId = headers["request-id"] ?? (r.status >= 400 ? graphErrorOf(reply).requestId : undefined) ?? batch.requestId;
  return reply;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
