import { randomUUID } from "node:crypto";

/** A Teams user as the Bot Connector describes it (GET members/{id}). */
export interface FakeTeamsUser {
  /** Teams user id ("29:…"), what activities carry in `from.id`. */
  id: string;
  aadObjectId: string;
  name: string;
  email: string;
  userPrincipalName: string;
}

export type ConversationType = "personal" | "groupChat" | "channel";

export interface FakeConversation {
  id: string;
  tenantId: string;
  conversationType: ConversationType;
  memberIds: string[];
  /** Set for channel conversations. */
  teamId?: string;
}

export type ActivityJson = Record<string, unknown>;

export const DEFAULT_USER: FakeTeamsUser = {
  id: "29:alice",
  aadObjectId: "00000000-0000-0000-0000-0000000a11ce",
  name: "Alice Example",
  email: "alice@contoso.example",
  userPrincipalName: "alice@contoso.example",
};

/** The same id for every 1:1 between the bot and one user, as in Teams. */
export function personalConversationId(userId: string): string {
  return `a:personal-${userId}`;
}

/**
 * Fills what the Bot Connector always sends (ids, channel, service URL, tenant, bot as recipient) around
 * whatever the test cares about. Anything in `partial` wins.
 */
export function inboundActivity(
  partial: ActivityJson,
  ctx: { serviceUrl: string; botAppId: string; tenantId: string; user: FakeTeamsUser; conversation: FakeConversation },
): ActivityJson {
  return {
    type: "message",
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: ctx.serviceUrl,
    from: { id: ctx.user.id, name: ctx.user.name, aadObjectId: ctx.user.aadObjectId },
    recipient: { id: `28:${ctx.botAppId}`, name: "PIM Access" },
    conversation: {
      id: ctx.conversation.id,
      conversationType: ctx.conversation.conversationType,
      tenantId: ctx.tenantId,
      ...(ctx.conversation.conversationType === "personal" ? {} : { isGroup: true }),
    },
    channelData: {
      tenant: { id: ctx.tenantId },
      ...(ctx.conversation.teamId ? { team: { id: ctx.conversation.teamId }, channel: { id: ctx.conversation.id } } : {}),
    },
    locale: "en-US",
    ...partial,
  };
}
