import type { ListItemView, ListView } from "../../../core/views/types.js";
import { actionButton, actionsBlock, subjectBlockId } from "./actions.js";
import type { KnownBlock, SectionBlock } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { md, mrkdwnSafe } from "./text.js";
import { TONE_EMOJI } from "./tone.js";
import { subjectOf } from "../payloads/action-value.js";

function itemBlocks(item: ListItemView): KnownBlock[] {
  const subject = subjectOf(item.id);
  const text = `${TONE_EMOJI[item.tone]} *${mrkdwnSafe(item.title, 500)}* · ${mrkdwnSafe(item.stateLabel, 200)}\n${mrkdwnSafe(item.subtitle, 2000)}`;
  const section: SectionBlock = { type: "section", text: md(text, LIMITS.sectionText) };
  const [only, ...more] = item.actions;
  if (only && more.length === 0) return [{ ...section, accessory: actionButton(subject, item.version, only) }];
  const actions = actionsBlock(subjectBlockId("item", subject), subject, item.version, item.actions);
  return actions ? [section, actions] : [section];
}

/**
 * A list (my access, my requests, approvals, reviews) in at most `maxBlocks` blocks: items that do not
 * fit are counted in a closing line instead of being sent, so the message is never refused.
 */
export function listBlocks(view: ListView, maxBlocks: number = LIMITS.messageBlocks): KnownBlock[] {
  const total = Math.max(view.total, view.items.length);
  const blocks: KnownBlock[] = [{ type: "section", text: md(`*${mrkdwnSafe(view.title, 500)}*`, LIMITS.sectionText) }];
  if (view.items.length === 0) {
    blocks.push({ type: "section", text: md(mrkdwnSafe(view.emptyText, LIMITS.sectionText), LIMITS.sectionText) });
    return blocks.slice(0, maxBlocks);
  }
  let shown = 0;
  for (const item of view.items) {
    const next = itemBlocks(item);
    // Keep one block for the "and N more" line whenever something would be left out.
    const reserve = shown + 1 < total ? 1 : 0;
    if (blocks.length + next.length + reserve > maxBlocks) break;
    blocks.push(...next);
    shown += 1;
  }
  const hidden = total - shown;
  if (hidden > 0 && blocks.length < maxBlocks) {
    blocks.push({ type: "context", elements: [md(`…and ${hidden} more not shown here. The app's Home tab lists what needs you first.`, LIMITS.sectionText)] });
  }
  return blocks;
}
