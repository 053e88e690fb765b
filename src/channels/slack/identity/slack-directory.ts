import type { Human } from "../../../core/domain/identity.js";
import { DeliveryError, ErrorCodes } from "../../../core/errors.js";
import type { Clock } from "../../../core/ports/clock.js";
import type { Logger } from "../../../core/ports/logger.js";
import type { Store } from "../../../core/ports/store.js";
import type { RateLimitedSlackClient } from "../transport/rate-limit.js";
import { TtlCache } from "./ttl-cache.js";

export type DirectoryClient = Pick<RateLimitedSlackClient, "usersInfo" | "usersLookupByEmail" | "conversationsOpen">;

export interface SlackDirectoryOptions {
  client: DirectoryClient;
  store: Store;
  /** ChatFlows.identify: email → the person in the access system. */
  identify: (who: { email: string }) => Promise<Human | undefined>;
  clock: Clock;
  logger: Logger;
  /** How long a Slack account ↔ email pairing is trusted. */
  ttlMs?: number;
  /** Misses are remembered for less time, so a newly linked account works soon. */
  missTtlMs?: number;
}

/** Slack answers these when the account simply is not (or no longer) there: not worth retrying. */
const NOT_THERE = new Set(["user_not_found", "users_not_found", "user_disabled"]);

/**
 * Who is who between Slack and the access system: a Slack user id → email (users.info) → person,
 * and a person → Slack user id (users.lookupByEmail) for notifications. Only the Slack side is
 * cached: the person is looked up in the store every time, so a terminated person is refused at once.
 */
export class SlackDirectory {
  private readonly emailOf: TtlCache<string, string | null>;
  private readonly userOfEmail: TtlCache<string, string | null>;
  private readonly dmOf: TtlCache<string, string>;
  private readonly ttlMs: number;
  private readonly missTtlMs: number;

  constructor(private readonly options: SlackDirectoryOptions) {
    this.emailOf = new TtlCache(options.clock);
    this.userOfEmail = new TtlCache(options.clock);
    this.dmOf = new TtlCache(options.clock);
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.missTtlMs = options.missTtlMs ?? 60_000;
  }

  /** The person behind a Slack user, or undefined when there is none (unknown email, bot, deactivated). */
  async humanFor(slackUserId: string): Promise<Human | undefined> {
    const email = await this.emailFor(slackUserId);
    if (!email) return undefined;
    const human = await this.options.identify({ email });
    if (human) this.userOfEmail.set(email.toLowerCase(), slackUserId, this.ttlMs);
    return human;
  }

  /** The Slack user id of a person, or undefined when they have no (active) Slack account. */
  async slackUserFor(humanId: string): Promise<string | undefined> {
    const human = await this.options.store.get("humans", humanId);
    if (!human?.active || !human.email) return undefined;
    const email = human.email.toLowerCase();
    const cached = this.userOfEmail.get(email);
    if (cached) return cached.value ?? undefined;
    let userId: string | null = null;
    try {
      const res = await this.options.client.usersLookupByEmail({ email });
      const user = res.user;
      userId = user?.id && !user.deleted && !user.is_bot ? user.id : null;
    } catch (error) {
      if (!isNotThere(error)) throw error;
    }
    this.userOfEmail.set(email, userId, userId ? this.ttlMs : this.missTtlMs);
    return userId ?? undefined;
  }

  /** The bot's DM channel with a user (conversations.open is idempotent; the id is cached). */
  async dmChannelFor(slackUserId: string): Promise<string> {
    const cached = this.dmOf.get(slackUserId);
    if (cached) return cached.value;
    const res = await this.options.client.conversationsOpen({ users: slackUserId });
    const channel = res.channel?.id;
    if (!channel) throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, "Slack opened a conversation without a channel id", false, { method: "conversations.open" });
    this.dmOf.set(slackUserId, channel, this.ttlMs);
    return channel;
  }

  private async emailFor(slackUserId: string): Promise<string | undefined> {
    const cached = this.emailOf.get(slackUserId);
    if (cached) return cached.value ?? undefined;
    let email: string | null = null;
    try {
      const res = await this.options.client.usersInfo({ user: slackUserId });
      const user = res.user;
      if (user && !user.deleted && !user.is_bot) {
        email = user.profile?.email ?? null;
        // Without the users:read.email scope Slack leaves the email out, and nobody can be identified.
        if (!email) this.options.logger.warn({ slackUserId }, "Slack returned a user without an email; does the app have the users:read.email scope?");
      }
    } catch (error) {
      if (!isNotThere(error)) throw error;
    }
    this.emailOf.set(slackUserId, email, email ? this.ttlMs : this.missTtlMs);
    return email ?? undefined;
  }
}

function isNotThere(error: unknown): boolean {
  const slackError = error instanceof DeliveryError ? error.details.slackError : undefined;
  return typeof slackError === "string" && NOT_THERE.has(slackError);
}
