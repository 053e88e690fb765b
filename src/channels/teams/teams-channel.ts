import { Application, type TurnState } from "@microsoft/teams-ai";
import type { TurnContext } from "botbuilder";
import type { ChannelContext } from "../../runtime/app.js";
import type { ChannelModule } from "../../runtime/channel-module.js";
import { ChatFlows } from "../shared/chat-flows.js";
import { buildBotAuthentication } from "./auth/bot-authentication.js";
import { createTeamsAdapter } from "./auth/teams-adapter.js";
import type { TeamsBotDeps } from "./bot/deps.js";
import { registerTeamsRoutes, runTurn } from "./bot/teams-bot.js";
import { parseTeamsChannelConfig, teamsWanted } from "./config.js";
import { TeamsRateLimiter } from "./connector/rate-limiter.js";
import { registerBotEndpoint } from "./connector/register-bot-endpoint.js";
import { TeamsPostedCopies } from "./conversations/posted-copies.js";
import { TeamsConversations } from "./conversations/teams-conversations.js";
import { GraphAppInstaller } from "./delivery/app-installer.js";
import { BackgroundTasks } from "./delivery/background.js";
import { CopyRenderer } from "./delivery/copy-renderer.js";
import { PersonalChats } from "./delivery/personal-chats.js";
import { TeamsNotifier } from "./delivery/teams-notifier.js";
import { TeamsSender } from "./delivery/teams-sender.js";

export interface TeamsChannelOptions {
  /** Replaces the connector pacing (tests shrink the Teams limits). */
  limiter?: TeamsRateLimiter;
}

/**
 * The Teams channel: a teams-ai Application on botbuilder's TeamsAdapter behind POST /api/messages,
 * translating activities into ChatFlows calls and replies into Adaptive Cards, plus the notifier that
 * posts and refreshes cards proactively. Returns undefined when the environment does not ask for Teams.
 */
export async function createTeamsChannel(ctx: ChannelContext, o: TeamsChannelOptions = {}): Promise<ChannelModule | undefined> {
  if (!teamsWanted(ctx.env, ctx.config.NODE_ENV)) return undefined;
  const config = parseTeamsChannelConfig(ctx.env);
  const auth = await buildBotAuthentication(config.auth);
  const adapter = createTeamsAdapter(auth);
  const app = new Application<TurnState>({ adapter, botAppId: auth.appId ?? "", startTypingTimer: false, removeRecipientMention: true });
  const logger = ctx.logger;
  const { deps } = ctx;

  const flows = new ChatFlows(deps);
  const conversations = new TeamsConversations(deps.store, deps.clock);
  const copies = new TeamsPostedCopies(deps.store, deps.clock);
  const limiter = o.limiter ?? new TeamsRateLimiter({ logger });
  const sender = new TeamsSender({ adapter, limiter, botAppId: auth.appId, audience: config.auth.endpoints.oauthScope });
  const installer =
    config.catalogAppId && ctx.graph.config
      ? new GraphAppInstaller(ctx.graph.config, config.catalogAppId, { audit: deps.audit, clock: deps.clock, ids: deps.ids, application: deps.application })
      : undefined;
  const chats = new PersonalChats({ store: deps.store, conversations, sender, installer, defaultServiceUrl: config.defaultServiceUrl, tenantId: config.homeTenantId });
  const renderer = new CopyRenderer(flows, conversations);
  const notifier = new TeamsNotifier({ chats, conversations, copies, renderer, sender, logger });
  const background = new BackgroundTasks(logger);
  const botDeps: TeamsBotDeps = { flows, core: deps, conversations, copies, renderer, notifier, sender, limiter, background, logger, tenantId: config.tenantId };
  registerTeamsRoutes(app, botDeps);

  const warnings = [...auth.warnings];
  if (!installer) warnings.push("Teams: TEAMS_APP_ID (or TEAMS_CATALOG_APP_ID) or Graph access is missing, so the bot cannot install itself for people; it reaches only those who have written to it.");
  return {
    name: "teams",
    notifier,
    warnings,
    register(server) {
      registerBotEndpoint(server, { adapter, path: "/api/messages", handler: (context: TurnContext) => runTurn(app, botDeps, context), logger });
    },
    async stop() {
      await background.drain();
      await limiter.stop();
    },
  };
}
