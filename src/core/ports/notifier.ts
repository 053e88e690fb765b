/** Who a notice goes to: a person (on whichever chat they use) or the security channel(s). */
export type Recipient = { type: "human"; humanId: string } | { type: "securityChannel" };

export type NoticeKind =
  | "approval_needed"
  | "approval_reminder"
  | "request_status"
  | "expiring_soon"
  | "security_alert"
  | "review_assigned";

/** A neutral instruction to tell someone something about a request or review item. */
export interface Notice {
  kind: NoticeKind;
  to: Recipient;
  requestId?: string;
  reviewItemId?: string;
  /** One line saying what happened, for the notification preview and for channels without cards. */
  headline: string;
}

export interface DeliveryReport {
  delivered: boolean;
  /** Channels that accepted it, e.g. ["teams"]. */
  channels: string[];
  /** Why it could not be delivered when `delivered` is false (no chat account, user blocked the bot, …). */
  reason?: string;
  /** True when retrying cannot help (user blocked the bot); the core then falls back to someone else. */
  permanent?: boolean;
  /** No chat channel is configured at all (API-only deployment): nobody to fall back to either. */
  noChannels?: boolean;
}

/** Implemented by the channels (Teams, Slack) and fanned out by the runtime. */
export interface Notifier {
  deliver(notice: Notice): Promise<DeliveryReport>;
  /** Re-render every posted copy (each approver's, the requester's, the security channel's). */
  refreshRequest(requestId: string): Promise<void>;
  refreshReview(reviewItemId: string): Promise<void>;
}
