import type { TurnContext } from "botbuilder";
import type { Human } from "../../../core/domain/identity.js";
import { placeOf, senderOf, type ConversationPlace, type Sender } from "../activity/teams-activity.js";
import type { TeamsBotDeps } from "./deps.js";

export interface TurnParty {
  sender: Sender;
  place: ConversationPlace;
  /** Undefined when the chat account is not linked to anyone in the access system. */
  human?: Human;
}

/**
 * Who is acting, from `from.aadObjectId` (the signed-in account's Entra object id), and a refreshed
 * conversation reference for them, so later notices reach them where they last were.
 */
export async function identifyParty(context: TurnContext, deps: TeamsBotDeps): Promise<TurnParty> {
  const sender = senderOf(context.activity);
  if (!sender) throw new Error("turn without a sender passed the guard");
  const place = placeOf(context.activity);
  const human = sender.aadObjectId ? await deps.flows.identify({ aadObjectId: sender.aadObjectId }) : undefined;
  if (human) await deps.conversations.remember(human.id, sender, place);
  return { sender, place, human };
}
