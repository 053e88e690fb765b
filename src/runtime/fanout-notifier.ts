import type { DeliveryReport, Notice, Notifier } from "../core/ports/notifier.js";
import type { Logger } from "../core/ports/logger.js";

/** A chat channel's notifier, named so reports say where a notice went. */
export interface ChannelNotifier extends Notifier {
  readonly channel: string;
}

/**
 * Sends each notice through every configured channel (a person may use Teams, Slack or both).
 * Delivered if any channel delivered; permanent failure only if every channel failed permanently.
 */
export class FanOutNotifier implements Notifier {
  constructor(
    private readonly channels: ChannelNotifier[],
    private readonly logger: Logger,
  ) {}

  async deliver(notice: Notice): Promise<DeliveryReport> {
    if (this.channels.length === 0) return { delivered: false, channels: [], permanent: true, noChannels: true, reason: "no chat channel is configured" };
    const reports = await Promise.all(
      this.channels.map(async (c) => {
        try {
          return { channel: c.channel, report: await c.deliver(notice) };
        } catch (e) {
          this.logger.warn({ err: e, channel: c.channel, kind: notice.kind }, "channel delivery failed");
          return { channel: c.channel, report: { delivered: false, channels: [], reason: (e as Error).message } as DeliveryReport };
        }
      }),
    );
    const ok = reports.filter((r) => r.report.delivered);
    if (ok.length > 0) return { delivered: true, channels: ok.map((r) => r.channel) };
    return {
      delivered: false,
      channels: [],
      permanent: reports.every((r) => r.report.permanent),
      reason: reports.map((r) => `${r.channel}: ${r.report.reason ?? "not delivered"}`).join("; "),
    };
  }

  async refreshRequest(requestId: string): Promise<void> {
    await this.each((c) => c.refreshRequest(requestId), "refreshRequest");
  }

  async refreshReview(reviewItemId: string): Promise<void> {
    await this.each((c) => c.refreshReview(reviewItemId), "refreshReview");
  }

  private async each(fn: (c: ChannelNotifier) => Promise<void>, what: string): Promise<void> {
    const results = await Promise.allSettled(this.channels.map(fn));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    // A refresh that failed in one channel must not hide it: rethrow so the outbox retries the job.
    if (failed.length > 0) {
      this.logger.warn({ what, errors: failed.map((f) => String(f.reason)) }, "card refresh failed");
      throw failed[0]?.reason;
    }
  }
}
