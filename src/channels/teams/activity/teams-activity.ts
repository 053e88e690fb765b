import type { Activity } from "botbuilder";

export type ConversationKind = "personal" | "groupChat" | "channel";

/** Where an activity happened, as much as a later proactive message needs to get back there. */
export interface ConversationPlace {
  serviceUrl: string;
  conversationId: string;
  kind: ConversationKind;
  tenantId?: string;
  teamId?: string;
}

/** Who sent it: Teams user id (`29:…`) and, for people in a tenant, their Entra object id. */
export interface Sender {
  userId: string;
  aadObjectId?: string;
  name?: string;
}

interface TeamsChannelData {
  tenant?: { id?: unknown };
  team?: { id?: unknown };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/** The tenant Teams says the activity comes from (channelData wins over the conversation's copy). */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  return str(data.tenant?.id) ?? str(activity.conversation?.tenantId);
}

export function placeOf(activity: Partial<Activity>): ConversationPlace {
  const c = activity.conversation;
  const type = str(c?.conversationType);
  const kind: ConversationKind = type === "channel" ? "channel" : type === "groupChat" || c?.isGroup ? "groupChat" : "personal";
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  return { serviceUrl: activity.serviceUrl ?? "", conversationId: c?.id ?? "", kind, tenantId: tenantOf(activity), teamId: str(data.team?.id) };
}

export function senderOf(activity: Partial<Activity>): Sender | undefined {
  const from = activity.from;
  const userId = str(from?.id);
  if (!userId) return undefined;
  return { userId, aadObjectId: str(from?.aadObjectId), name: str(from?.name) };
}
