import type { ChatFlows } from "../../shared/chat-flows.js";
import type { Logger } from "../../../core/ports/logger.js";
import type { PostedCopies } from "../delivery/posted-copies.js";
import type { SecurityChannels } from "../delivery/security-channels.js";
import type { SlackNotifier } from "../delivery/slack-notifier.js";
import type { SlackDirectory } from "../identity/slack-directory.js";
import type { RateLimitedSlackClient } from "../transport/rate-limit.js";

/** What the interaction handlers work with; built once by createSlackChannel. */
export interface SlackParts {
  flows: ChatFlows;
  client: RateLimitedSlackClient;
  directory: SlackDirectory;
  notifier: SlackNotifier;
  copies: PostedCopies;
  security: SecurityChannels;
  logger: Logger;
}

/** The slash command this app answers. */
export const PIM_COMMAND = "/pim";
