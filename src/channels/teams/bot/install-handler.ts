import type { TurnContext } from "botbuilder";
import { cardActivity } from "../delivery/card-activity.js";
import { renderReplyCard } from "../render/reply-card.js";
import { replyInTurn, type TeamsBotDeps } from "./deps.js";
import { identifyParty } from "./turn-party.js";

/**
 * The app was installed or the bot added to a conversation: remember where the person is, and say
 * hello in a 1:1 chat (in teams and group chats the bot stays quiet until asked).
 */
export async function onInstalled(context: TurnContext, deps: TeamsBotDeps): Promise<void> {
  const a = context.activity;
  if (a.type === "installationUpdate" && typeof a.action === "string" && a.action.startsWith("remove")) {
    deps.logger.info({ conversationId: a.conversation.id }, "Teams app removed from a conversation");
    return;
  }
  if (a.type === "conversationUpdate" && !(a.membersAdded ?? []).some((m) => m.id === a.recipient?.id)) return;
  const party = await identifyParty(context, deps);
  if (party.place.kind !== "personal") return;
  await replyInTurn(deps, context, cardActivity(renderReplyCard(party.human ? deps.flows.help() : deps.flows.unknownUser())));
}
