import type { FactView } from "../../../core/views/types.js";
import type { SectionBlock } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { escapeMrkdwn, md, mrkdwnSafe } from "./text.js";

/** Facts as two-column section fields (at most 10 per section); values longer than `maxValue` are shortened. */
export function factSections(facts: readonly FactView[], maxValue: number): { blocks: SectionBlock[]; clipped: boolean } {
  let clipped = false;
  const fields = facts.map((f) => {
    if (f.value.length > maxValue) clipped = true;
    const label = `*${escapeMrkdwn(f.label)}*\n`;
    return md(label + mrkdwnSafe(f.value, Math.min(maxValue, LIMITS.fieldText - label.length)), LIMITS.fieldText);
  });
  const blocks: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.sectionFields) {
    blocks.push({ type: "section", fields: fields.slice(i, i + LIMITS.sectionFields) });
  }
  return { blocks, clipped };
}
