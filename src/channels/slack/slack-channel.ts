import type { ChannelContext } from "../../runtime/app.js";
import type { ChannelModule } from "../../runtime/channel-module.js";
import { ChatFlows } from "../shared/chat-flows.js";
import { CopyRenderer } from "./delivery/copy-renderer.js";
import { PostedCopies } from "./delivery/posted-copies.js";
import { SecurityChannels } from "./delivery/security-channels.js";
import { SlackNotifier } from "./delivery/slack-notifier.js";
import { SlackDirectory } from "./identity/slack-directory.js";
import { registerInteractions } from "./interactions/register.js";
import { loadSlackConfig } from "./transport/config.js";
import { createSlackApp } from "./transport/create-app.js";
import { RateLimitedSlackClient } from "./transport/rate-limit.js";

/**
 * The Slack channel: `/pim`, modals with typeahead, Block Kit approval messages kept current with
 * chat.update, App Home and the security channel. HTTP mode (POST /slack/events on our server) or
 * Socket Mode when SLACK_APP_TOKEN is set. Undefined when Slack is not configured.
 */
export async function createSlackChannel(ctx: ChannelContext): Promise<ChannelModule | undefined> {
  const config = loadSlackConfig(ctx.env);
  if (!config.enabled) return undefined;
  const { deps } = ctx;
  const logger = ctx.logger.child({ channel: "slack" });
  const slack = await createSlackApp({ botToken: config.botToken, signingSecret: config.signingSecret, apiUrl: config.apiUrl, appToken: config.appToken, clock: deps.clock, logger });
  const client = new RateLimitedSlackClient(slack.app.client, { clock: deps.clock, logger });
  const flows = new ChatFlows(deps);
  const directory = new SlackDirectory({ client, store: deps.store, identify: (who) => flows.identify(who), clock: deps.clock, logger });
  const copies = new PostedCopies(deps.store, deps.clock);
  const security = new SecurityChannels(deps.store, deps.clock, config.securityChannel);
  const notifier = new SlackNotifier({ client, directory, copies, renderer: new CopyRenderer(flows), security, logger });
  registerInteractions(slack.app, { flows, client, directory, notifier, copies, security, logger });

  const warnings: string[] = [];
  if (!config.securityChannel) warnings.push("SLACK_SECURITY_CHANNEL is not set: security alerts reach Slack only after a security owner runs `/pim security channel here` in a channel");
  return {
    name: "slack",
    notifier,
    warnings,
    async register(server) {
      if (slack.mode === "http") await server.register(slack.receiver.plugin);
    },
    async start() {
      // Socket Mode opens its WebSocket here; in HTTP mode the route is already on our server.
      if (slack.mode === "socket") await slack.app.start();
    },
    async stop() {
      await slack.app.stop();
      await client.stop();
    },
  };
}
