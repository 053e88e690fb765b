export { createSlackChannel } from "./slack-channel.js";
