import { ErrorCodes, ProvisioningError } from "../../../core/errors.js";
import type { ProvisioningResult } from "../../../core/ports/provisioning.js";
import type { CallContext } from "../audit/graph-call-audit.js";
import type { GraphReply } from "../http/graph-reply.js";
import { interpretReply } from "./interpret-reply.js";
import type { PlannedChange } from "./plan-change.js";
import type { StateReader } from "./state-reader.js";

export interface ReadBackSettings {
  /** Reads before giving up; the window is roughly `attempts × intervalMs`. */
  attempts: number;
  intervalMs: number;
}

/**
 * Turns Graph's answer to a write into a result. A change is reported only once Graph confirms it
 * (a final request status, or the state read back); "already exists" and "does not exist" answers
 * become `alreadyInPlace` only after the read-back agrees.
 */
export class ChangeFinisher {
  constructor(
    private readonly reader: StateReader,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly settings: ReadBackSettings,
  ) {}

  async finish(plan: PlannedChange, reply: GraphReply | undefined, ctx: CallContext, requestIds: string[]): Promise<ProvisioningResult> {
    const meaning = reply ? interpretReply(plan, reply) : ({ kind: "confirm", because: "alreadyHeld" } as const);
    if (meaning.kind === "failed") throw meaning.error;
    if (meaning.kind === "done") return { outcome: meaning.outcome, graphRequestIds: requestIds };

    const ids = [...requestIds];
    // Without a write there is nothing to wait for: one read tells whether the membership is there.
    const attempts = plan.write ? this.settings.attempts : 1;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await this.sleep(this.settings.intervalMs);
      const read = await this.reader.holds(plan.desired, ctx);
      ids.push(...read.requestIds);
      if (read.holds) {
        if (meaning.because === "pending") return { outcome: "applied", graphRequestIds: ids };
        return {
          outcome: "alreadyInPlace",
          graphRequestIds: ids,
          ...(plan.write ? {} : { message: "Plain group membership has no end date in Graph; the new end is enforced by the expiry job" }),
        };
      }
    }
    if (!plan.write) {
      throw new ProvisioningError(ErrorCodes.PROVISIONING_FAILED, "Nothing to extend: the principal is not a member of the group", false, {
        reason: "not a member",
        graphRequestIds: ids,
      });
    }
    const windowMs = (this.settings.attempts - 1) * this.settings.intervalMs;
    throw new ProvisioningError(
      ErrorCodes.PROVISIONING_FAILED,
      `Graph accepted the change but it was not visible after ${this.settings.attempts} reads (~${windowMs} ms)`,
      true,
      { reason: `not visible after ${this.settings.attempts} reads over ~${windowMs} ms`, because: meaning.because, graphRequestIds: ids },
    );
  }
}
