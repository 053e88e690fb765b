import type { Clock } from "../../../core/ports/clock.js";
import type { ProvisioningChange, ProvisioningContext, ProvisioningResult } from "../../../core/ports/provisioning.js";
import type { CallContext } from "../audit/graph-call-audit.js";
import type { CallOptions, GraphCaller } from "../graph-caller.js";
import type { GraphReply } from "../http/graph-reply.js";
import type { ChangeFinisher } from "./finish-change.js";
import type { GuestInviter } from "./invite-guest.js";
import type { KnownDirectoryObjects } from "./known-objects.js";
import { planChange, type PlannedChange } from "./plan-change.js";
import { validateChange } from "./validate-change.js";

/** Carries the provisioning context into each audited call. */
export function callContextOf(change: ProvisioningChange, ctx: ProvisioningContext): CallContext {
  return {
    actor: ctx.actor,
    correlationId: ctx.correlationId,
    idempotencyKey: ctx.idempotencyKey,
    nativeIdentity: "principalId" in change ? change.principalId : undefined,
    entitlement:
      "target" in change ? (change.target.mechanism === "entraRole" ? change.target.roleDefinitionId : change.target.groupId) : undefined,
  };
}

export interface ChangeRunnerDeps {
  caller: GraphCaller;
  finisher: ChangeFinisher;
  inviter: GuestInviter;
  clock: Clock;
  graphBaseUrl: string;
  known?: KnownDirectoryObjects;
}

/** One change end to end: validate, plan, write, confirm. Shared by `apply` and by batch fallbacks. */
export class ChangeRunner {
  constructor(private readonly deps: ChangeRunnerDeps) {}

  async validate(change: ProvisioningChange): Promise<void> {
    await validateChange(change, this.deps.clock.now(), this.deps.known);
  }

  plan(change: Exclude<ProvisioningChange, { op: "inviteGuest" }>): PlannedChange {
    return planChange(change, this.deps.clock.now(), this.deps.graphBaseUrl);
  }

  async apply(change: ProvisioningChange, ctx: ProvisioningContext): Promise<ProvisioningResult> {
    await this.validate(change);
    const callCtx = callContextOf(change, ctx);
    if (change.op === "inviteGuest") return this.deps.inviter.invite(change, callCtx);
    return this.run(this.plan(change), callCtx);
  }

  async run(plan: PlannedChange, ctx: CallContext, opts: CallOptions = {}): Promise<ProvisioningResult> {
    if (!plan.write) return this.deps.finisher.finish(plan, undefined, ctx, []);
    const reply = await this.deps.caller.call(plan.write, ctx, opts);
    return this.finishReply(plan, reply, ctx);
  }

  /** Judges an answer to the plan's write, wherever it came from (a direct call or a batch item). */
  finishReply(plan: PlannedChange, reply: GraphReply, ctx: CallContext): Promise<ProvisioningResult> {
    return this.deps.finisher.finish(plan, reply, ctx, reply.requestId ? [reply.requestId] : []);
  }
}
