import { TeamsAdapter } from "@microsoft/teams-ai";
import type { BotAuthentication } from "./bot-authentication.js";

/**
 * The CloudAdapter the teams-ai Application wants (it needs a TeamsAdapter, not any CloudAdapter, for
 * proactive sends and file downloads), wired with our credentials factory and claims checks.
 */
export function createTeamsAdapter(auth: BotAuthentication): TeamsAdapter {
  return new TeamsAdapter(auth.options, auth.credentialsFactory, auth.authConfiguration);
}
