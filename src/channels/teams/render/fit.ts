import type { AdaptiveCardJson } from "./templates.js";

/** Teams takes 100 KB per message including the card; below this a card is safe everywhere. */
export const MAX_CARD_BYTES = 28_000;

export function cardBytes(card: AdaptiveCardJson): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}

/**
 * Renders with the roomiest limits that keep the card under budget. `levels` go from generous to
 * tight; the last one is used whatever it weighs (it is sized so that it always fits).
 */
export function fitted<L>(levels: readonly L[], render: (limits: L) => AdaptiveCardJson): AdaptiveCardJson {
  let card: AdaptiveCardJson | undefined;
  for (const limits of levels) {
    card = render(limits);
    if (cardBytes(card) <= MAX_CARD_BYTES) return card;
  }
  if (!card) throw new RangeError("fitted() needs at least one level");
  return card;
}
