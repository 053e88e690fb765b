import type { ChannelContext } from "./app.js";
import type { ChannelModule } from "./channel-module.js";

/** Builds the chat channels whose settings are present in the environment. */
export async function channelsFromEnv(_ctx: ChannelContext): Promise<ChannelModule[]> {
  return [];
}
