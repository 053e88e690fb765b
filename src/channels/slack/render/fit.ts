import type { KnownBlock } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { md } from "./text.js";

/**
 * The last line of defence for the block count: anything past `max` is replaced by one context line.
 * Renderers budget their own blocks; this only matters for inputs nobody foresaw.
 */
export function fitBlocks(blocks: KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  kept.push({ type: "context", elements: [md(`…${blocks.length - kept.length} more parts were left out to fit Slack's limits.`, LIMITS.sectionText)] });
  return kept;
}
