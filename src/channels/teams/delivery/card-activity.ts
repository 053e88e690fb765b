import { CardFactory, type Activity } from "botbuilder";
import type { AdaptiveCardJson } from "../render/templates.js";

/** A message carrying one card; `summary` is what Teams shows in the notification and the chat list. */
export function cardActivity(card: AdaptiveCardJson, summary?: string): Partial<Activity> {
  return { type: "message", attachments: [CardFactory.adaptiveCard(card)], ...(summary ? { summary: summary.slice(0, 200) } : {}) };
}
