import type { Activity, TurnContext } from "botbuilder";
import type { Logger } from "../../../core/ports/logger.js";
import type { CoreDeps } from "../../../core/usecases/shared/deps.js";
import type { ChatFlows } from "../../shared/chat-flows.js";
import type { TeamsRateLimiter } from "../connector/rate-limiter.js";
import type { TeamsPostedCopies } from "../conversations/posted-copies.js";
import type { TeamsConversations } from "../conversations/teams-conversations.js";
import type { BackgroundTasks } from "../delivery/background.js";
import type { CopyRenderer } from "../delivery/copy-renderer.js";
import type { TeamsNotifier } from "../delivery/teams-notifier.js";
import type { TeamsSender } from "../delivery/teams-sender.js";

/** What the turn handlers work with; none of it decides anything the flows do not. */
export interface TeamsBotDeps {
  flows: ChatFlows;
  core: CoreDeps;
  conversations: TeamsConversations;
  copies: TeamsPostedCopies;
  renderer: CopyRenderer;
  notifier: Pick<TeamsNotifier, "postOnce">;
  sender: Pick<TeamsSender, "send">;
  limiter: Pick<TeamsRateLimiter, "schedule">;
  background: BackgroundTasks;
  logger: Logger;
  /** Accept activities from this tenant only (authenticated bots). */
  tenantId?: string;
}

/** An answer inside the turn, paced like every other message to that conversation. */
export async function replyInTurn(deps: TeamsBotDeps, context: TurnContext, activity: Partial<Activity>): Promise<string | undefined> {
  const a = context.activity;
  const tenantId = (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation.tenantId ?? "unknown";
  const res = await deps.limiter.schedule({ conversationId: a.conversation.id, tenantId }, () => context.sendActivity(activity));
  return res?.id;
}
