import type { Tone } from "../../../core/views/types.js";

/** Slack has no card colours in Block Kit, so the tone becomes a leading emoji. */
export const TONE_EMOJI: Record<Tone, string> = {
  neutral: "⚪",
  accent: "🔵",
  good: "🟢",
  warning: "🟠",
  attention: "🔴",
};
