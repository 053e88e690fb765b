import { expandCard, type AdaptiveCardJson } from "./templates.js";

export interface HelpModel {
  intro: string;
  items: ReadonlyArray<{ command: string; description: string }>;
}

/** One-click shortcuts for the commands people use most (Action.Execute "command"). */
export const SHORTCUTS = [
  { title: "Request access", command: "request" },
  { title: "My access", command: "my access" },
  { title: "Approvals", command: "approvals" },
  { title: "Reviews", command: "reviews" },
] as const;

export function renderHelpCard(help: HelpModel): AdaptiveCardJson {
  return expandCard("help", helpCardModel(help));
}

/** The data `cards/help.json` is expanded with. */
export function helpCardModel(help: HelpModel) {
  return { intro: help.intro, items: help.items.map((i) => ({ ...i })), shortcuts: SHORTCUTS, dialogs: true };
}
