import type { App } from "@slack/bolt";
import { registerActions } from "./actions.js";
import { registerCommand } from "./command.js";
import { registerHome } from "./home.js";
import { registerOptions } from "./options.js";
import type { SlackParts } from "./parts.js";
import { registerViews } from "./views.js";

/** Every listener of the Slack channel. Each translates a Slack payload into ChatFlows calls and back. */
export function registerInteractions(app: App, parts: SlackParts): void {
  registerCommand(app, parts);
  registerActions(app, parts);
  registerViews(app, parts);
  registerOptions(app, parts);
  registerHome(app, parts);
  app.error(async (error) => {
    parts.logger.error({ err: error }, "unhandled error in a Slack listener");
  });
}
