import Bottleneck from "bottleneck";
import {
  WebAPIRateLimitedError,
  type ChatPostEphemeralArguments,
  type ChatPostEphemeralResponse,
  type ChatPostMessageArguments,
  type ChatPostMessageResponse,
  type ChatUpdateArguments,
  type ChatUpdateResponse,
  type ConversationsOpenArguments,
  type ConversationsOpenResponse,
  type UsersInfoArguments,
  type UsersInfoResponse,
  type UsersLookupByEmailArguments,
  type UsersLookupByEmailResponse,
  type ViewsOpenArguments,
  type ViewsOpenResponse,
  type ViewsPublishArguments,
  type ViewsPublishResponse,
  type ViewsPushArguments,
  type ViewsPushResponse,
  type ViewsUpdateArguments,
  type ViewsUpdateResponse,
  type WebClient,
} from "@slack/web-api";
import { DeliveryError, ErrorCodes } from "../../../core/errors.js";
import type { Clock } from "../../../core/ports/clock.js";
import type { Logger } from "../../../core/ports/logger.js";
import { toDeliveryError } from "./slack-errors.js";

/** A token bucket: up to `burst` calls at once, then one more every `refillEveryMs`. */
export interface TokenBucket {
  burst: number;
  refillEveryMs: number;
}

export interface SlackRateLimits {
  /** chat.postMessage: Slack allows about one message per second per channel, with short bursts. */
  postMessagePerChannel: TokenBucket;
  /** Tier 3 methods (chat.update): about 50 per minute per method. */
  tier3: TokenBucket;
  /** Tier 4 methods (views.*, chat.postEphemeral): about 100 per minute per method. */
  tier4: TokenBucket;
}

/** Chosen so that no 60 s window exceeds Slack's figure: burst + 60 000 / refillEveryMs ≤ limit. */
export const DEFAULT_SLACK_RATE_LIMITS: SlackRateLimits = {
  postMessagePerChannel: { burst: 3, refillEveryMs: 1_000 },
  // A decision updates every copy of a request at once, so tier 3 favours a large burst over a fast refill.
  tier3: { burst: 20, refillEveryMs: 2_000 },
  tier4: { burst: 10, refillEveryMs: 667 },
};

export interface RateLimitedSlackClientOptions {
  clock: Clock;
  logger: Logger;
  limits?: Partial<SlackRateLimits>;
  /** How many 429s one call may meet before it fails with RATE_LIMITED. */
  maxRateLimitRetries?: number;
  /** Injected so tests can observe a Retry-After wait without spending it. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The outbound calls the Slack channel makes, paced to Slack's published limits so a fan-out (one
 * approval card to twenty approvers, a review campaign) does not meet 429s, and honouring Retry-After
 * when Slack says so anyway. The WebClient must be built with `rejectRateLimitedCalls: true` (as
 * createSlackApp does), otherwise it waits out 429s itself and this class never learns of them.
 * Failures come out as DeliveryError (see slack-errors.ts).
 */
export class RateLimitedSlackClient {
  private readonly perChannelPosts: Bottleneck.Group;
  private readonly tier3: Bottleneck.Group;
  private readonly tier4: Bottleneck.Group;
  /** Bucket key → epoch ms before which nothing in that bucket may call Slack (after a 429). */
  private readonly pausedUntil = new Map<string, number>();
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private stopped = false;

  constructor(private readonly client: WebClient, private readonly options: RateLimitedSlackClientOptions) {
    const limits = { ...DEFAULT_SLACK_RATE_LIMITS, ...options.limits };
    // One at a time per channel keeps a channel's messages in the order they were sent.
    this.perChannelPosts = new Bottleneck.Group({ ...bucketOptions(limits.postMessagePerChannel), maxConcurrent: 1 });
    this.tier3 = new Bottleneck.Group(bucketOptions(limits.tier3));
    this.tier4 = new Bottleneck.Group(bucketOptions(limits.tier4));
    this.maxRetries = options.maxRateLimitRetries ?? 3;
    this.sleep = options.sleep ?? realSleep;
  }

  postMessage(args: ChatPostMessageArguments): Promise<ChatPostMessageResponse> {
    return this.run("chat.postMessage", this.perChannelPosts, args.channel, () => this.client.chat.postMessage(args));
  }

  postEphemeral(args: ChatPostEphemeralArguments): Promise<ChatPostEphemeralResponse> {
    return this.run("chat.postEphemeral", this.tier4, "chat.postEphemeral", () => this.client.chat.postEphemeral(args));
  }

  update(args: ChatUpdateArguments): Promise<ChatUpdateResponse> {
    return this.run("chat.update", this.tier3, "chat.update", () => this.client.chat.update(args));
  }

  /** trigger_id expires 3 s after the interaction: keep the tier 4 burst large enough that this never queues long. */
  viewsOpen(args: ViewsOpenArguments): Promise<ViewsOpenResponse> {
    return this.run("views.open", this.tier4, "views.open", () => this.client.views.open(args));
  }

  viewsPush(args: ViewsPushArguments): Promise<ViewsPushResponse> {
    return this.run("views.push", this.tier4, "views.push", () => this.client.views.push(args));
  }

  viewsUpdate(args: ViewsUpdateArguments): Promise<ViewsUpdateResponse> {
    return this.run("views.update", this.tier4, "views.update", () => this.client.views.update(args));
  }

  viewsPublish(args: ViewsPublishArguments): Promise<ViewsPublishResponse> {
    return this.run("views.publish", this.tier4, "views.publish", () => this.client.views.publish(args));
  }

  /** Tier 4; callers cache the answer (see SlackDirectory), so this is rarely on a hot path. */
  usersInfo(args: UsersInfoArguments): Promise<UsersInfoResponse> {
    return this.run("users.info", this.tier4, "users.info", () => this.client.users.info(args));
  }

  /** Tier 3. */
  usersLookupByEmail(args: UsersLookupByEmailArguments): Promise<UsersLookupByEmailResponse> {
    return this.run("users.lookupByEmail", this.tier3, "users.lookupByEmail", () => this.client.users.lookupByEmail(args));
  }

  /** Tier 3; opening an existing DM returns the same channel, so repeating it is harmless. */
  conversationsOpen(args: ConversationsOpenArguments): Promise<ConversationsOpenResponse> {
    return this.run("conversations.open", this.tier3, "conversations.open", () => this.client.conversations.open(args));
  }

  /** Stops the buckets' timers; calls still queued are rejected by bottleneck. */
  async stop(): Promise<void> {
    this.stopped = true;
    const limiters = [this.perChannelPosts, this.tier3, this.tier4].flatMap((g) => g.limiters().map(({ limiter }) => limiter));
    await Promise.all(limiters.map(async (limiter) => {
      await limiter.stop({ dropWaitingJobs: true });
      await limiter.disconnect();
    }));
  }

  private async run<T>(method: string, group: Bottleneck.Group, key: string, call: () => Promise<T>): Promise<T> {
    // A stopped Group would quietly create a fresh limiter for a new key; refuse instead.
    if (this.stopped) throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `Slack client stopped; ${method} not sent`, false, { method });
    try {
      return await group.key(key).schedule(() => this.callHonouringRetryAfter(method, `${method}:${key}`, call));
    } catch (error) {
      throw toDeliveryError(method, error);
    }
  }

  private async callHonouringRetryAfter<T>(method: string, bucket: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.waitIfPaused(bucket);
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof WebAPIRateLimitedError) || attempt >= this.maxRetries) throw error;
        // Pause the whole bucket, not just this call: everything queued behind it would meet the same 429.
        const waitMs = error.retryAfter * 1000;
        this.pausedUntil.set(bucket, this.options.clock.now().getTime() + waitMs);
        this.options.logger.warn({ method, bucket, retryAfterSeconds: error.retryAfter, attempt: attempt + 1 }, "Slack rate-limited a call; pausing its bucket");
      }
    }
  }

  private async waitIfPaused(bucket: string): Promise<void> {
    const until = this.pausedUntil.get(bucket);
    if (until === undefined) return;
    const remaining = until - this.options.clock.now().getTime();
    if (remaining <= 0) {
      this.pausedUntil.delete(bucket);
      return;
    }
    await this.sleep(remaining);
  }
}

function bucketOptions(bucket: TokenBucket): Bottleneck.ConstructorOptions {
  return {
    reservoir: bucket.burst,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: bucket.refillEveryMs,
    reservoirIncreaseMaximum: bucket.burst,
    // Bottleneck refills on its heartbeat (250 ms by default); tighter buckets need a faster beat.
    heartbeatInterval: Math.min(250, bucket.refillEveryMs),
  };
}
