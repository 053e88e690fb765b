import { ReceiverMultipleAckError } from "@slack/bolt";

/** How one HTTP request from Slack ends; exactly one of these is produced per request. */
export type AckOutcome =
  | { kind: "acked"; body: unknown }
  | { kind: "timed_out" }
  | { kind: "finished_without_ack" }
  | { kind: "failed"; error: unknown };

/**
 * The `ack` bolt hands to listeners, bridged to our HTTP reply. Slack gives up after 3 s and then shows
 * the user an error (interactions) or retries (events), so if no listener acked within `timeoutMs` we
 * answer 200 empty ourselves: a late answer is worse than an empty one.
 */
export class PendingAck {
  readonly outcome: Promise<AckOutcome>;
  private resolve!: (outcome: AckOutcome) => void;
  private settled = false;
  private acked = false;
  private readonly timer: NodeJS.Timeout;

  constructor(timeoutMs: number, private readonly onLateAck: (body: unknown) => void) {
    this.outcome = new Promise<AckOutcome>((resolve) => {
      this.resolve = resolve;
    });
    this.timer = setTimeout(() => this.settle({ kind: "timed_out" }), timeoutMs);
  }

  /** Bound so it can be handed to bolt as a plain function. */
  readonly ack = async (body?: unknown): Promise<void> => {
    // Same contract as bolt's HTTPResponseAck: a second ack is a programming error in the listener.
    if (this.acked) throw new ReceiverMultipleAckError();
    this.acked = true;
    if (!this.settle({ kind: "acked", body })) this.onLateAck(body);
  };

  /** processEvent resolved; if nobody acked there is nothing left to wait for. */
  finished(): void {
    this.settle({ kind: "finished_without_ack" });
  }

  failed(error: unknown): void {
    this.settle({ kind: "failed", error });
  }

  private settle(outcome: AckOutcome): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(outcome);
    return true;
  }
}
