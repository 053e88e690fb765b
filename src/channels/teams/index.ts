export { createTeamsChannel, type TeamsChannelOptions } from "./teams-channel.js";
