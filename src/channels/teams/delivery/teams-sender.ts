import type { Activity, CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from "botbuilder";
import { DeliveryError, ErrorCodes } from "../../../core/errors.js";
import type { ConversationKind } from "../activity/teams-activity.js";
import { describeDeliveryFailure } from "../connector/delivery-failure.js";
import type { TeamsRateLimiter } from "../connector/rate-limiter.js";

/** Connector error codes meaning the chat or its member no longer exists, whatever the HTTP status. */
const GONE_CODES: ReadonlySet<string> = new Set(["ConversationNotFound", "MemberNotFound", "UserNotFound"]);

/** A conversation the bot writes to; the service URL always comes from what Teams told us. */
export interface TeamsTarget {
  serviceUrl: string;
  conversationId: string;
  tenantId?: string;
  kind?: ConversationKind;
}

export interface TeamsSenderOptions {
  adapter: Pick<CloudAdapter, "continueConversationAsync" | "createConversationAsync">;
  limiter: Pick<TeamsRateLimiter, "schedule">;
  /** Undefined in anonymous development mode. */
  botAppId: string | undefined;
  /** Audience of the bot's outgoing tokens (the Bot Framework resource). */
  audience: string;
  botName?: string;
}

/**
 * Every message the bot sends outside of a turn's own answer: proactive sends, card updates, and
 * opening 1:1 chats. Each call is paced by the rate limiter for its conversation and tenant.
 */
export class TeamsSender {
  constructor(private readonly o: TeamsSenderOptions) {}

  async send(target: TeamsTarget, activity: Partial<Activity>): Promise<string> {
    try {
      return await this.o.limiter.schedule({ conversationId: target.conversationId, tenantId: target.tenantId ?? "unknown" }, () =>
        this.within(target, async (ctx) => {
          const res = await ctx.sendActivity(activity);
          if (!res?.id) throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, "Teams accepted the message but returned no activity id.", false, { conversationId: target.conversationId });
          return res.id;
        }),
      );
    } catch (err) {
      // The conversation or its member is gone (chat deleted, user left the tenant): retrying cannot help;
      // installing the app again refreshes the reference through installationUpdate.
      const failure = describeDeliveryFailure(err);
      if (failure.status === 404 || (failure.code !== undefined && GONE_CODES.has(failure.code))) {
        throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `Teams no longer knows conversation ${target.conversationId} or its member.`, true, { conversationId: target.conversationId, status: 404 });
      }
      throw err;
    }
  }

  async update(target: TeamsTarget, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.o.limiter.schedule({ conversationId: target.conversationId, tenantId: target.tenantId ?? "unknown" }, () =>
      this.within(target, async (ctx) => {
        await ctx.updateActivity({ ...activity, id: activityId, conversation: ctx.activity.conversation });
      }),
    );
  }

  /**
   * Opens (or finds: Teams returns the existing one) the bot's 1:1 chat with a person. `memberId` is their
   * Teams user id when known, else their Entra object id, which Teams accepts in the personal scope once
   * the app is installed for them.
   */
  async openPersonal(p: { memberId: string; tenantId: string; serviceUrl: string }): Promise<string> {
    const params: ConversationParameters = {
      isGroup: false,
      bot: { id: this.botAccountId(), name: this.o.botName ?? "PIM Access" },
      members: [{ id: p.memberId, name: "" }],
      tenantId: p.tenantId,
      channelData: { tenant: { id: p.tenantId } },
    };
    return this.o.limiter.schedule({ conversationId: `create:${p.memberId}`, tenantId: p.tenantId }, async () => {
      let conversationId: string | undefined;
      try {
        await this.o.adapter.createConversationAsync(this.o.botAppId ?? "", "msteams", p.serviceUrl, this.o.audience, params, async (ctx) => {
          conversationId = ctx.activity.conversation?.id;
        });
      } catch (err) {
        const { status } = describeDeliveryFailure(err);
        // Not a Teams user of this tenant, or the app is not allowed for them: asking again will not help.
        if (status === 403 || status === 404) {
          throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `Teams refused to open a 1:1 chat with ${p.memberId} (${status}).`, true, { memberId: p.memberId, status });
        }
        throw err;
      }
      if (!conversationId) throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, "Teams did not return a conversation id for the new 1:1 chat.", false, { memberId: p.memberId });
      return conversationId;
    });
  }

  private botAccountId(): string {
    return this.o.botAppId ? `28:${this.o.botAppId}` : "pim-access-bot";
  }

  private async within<T>(target: TeamsTarget, fn: (ctx: TurnContext) => Promise<T>): Promise<T> {
    const reference: Partial<ConversationReference> = {
      channelId: "msteams",
      serviceUrl: target.serviceUrl,
      bot: { id: this.botAccountId(), name: this.o.botName ?? "PIM Access" },
      conversation: {
        id: target.conversationId,
        isGroup: target.kind !== undefined && target.kind !== "personal",
        conversationType: target.kind ?? "personal",
        tenantId: target.tenantId,
        name: "",
      },
    };
    let result: T | undefined;
    let done = false;
    await this.o.adapter.continueConversationAsync(this.o.botAppId ?? "", reference, async (ctx) => {
      result = await fn(ctx);
      done = true;
    });
    if (!done) throw new Error("continueConversationAsync returned without running the turn");
    return result as T;
  }
}
