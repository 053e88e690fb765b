import { createSlackChannel } from "../channels/slack/index.js";
import { createTeamsChannel } from "../channels/teams/index.js";
import type { ChannelContext } from "./app.js";
import type { ChannelModule } from "./channel-module.js";

/** Builds the chat channels whose settings are present in the environment. */
export async function channelsFromEnv(ctx: ChannelContext): Promise<ChannelModule[]> {
  const modules: ChannelModule[] = [];
  const teams = await createTeamsChannel(ctx);
  if (teams) modules.push(teams);
  const slack = await createSlackChannel(ctx);
  if (slack) modules.push(slack);
  return modules;
}
