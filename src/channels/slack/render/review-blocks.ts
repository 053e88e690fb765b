import type { ReviewView } from "../../../core/views/types.js";
import { actionsBlock, detailsButton, subjectBlockId } from "./actions.js";
import type { KnownBlock } from "./block-kit.js";
import { factSections } from "./facts.js";
import { CARD_FACT_CHARS, LIMITS } from "./limits.js";
import { stateContext, titleSection, type CardOptions } from "./request-blocks.js";
import { md, mrkdwnSafe } from "./text.js";
import { TONE_EMOJI } from "./tone.js";

const SHOWN_COMMENTS = 3;

/** A review item as a Block Kit card for one viewer (the reviewer gets Keep / Remove / Reassign / Comment). */
export function reviewBlocks(view: ReviewView, options: CardOptions = {}): KnownBlock[] {
  const subject = { reviewItemId: view.reviewItemId };
  const blocks: KnownBlock[] = [];
  if (options.headline) blocks.push({ type: "section", text: md(mrkdwnSafe(options.headline, LIMITS.sectionText), LIMITS.sectionText) });
  blocks.push(titleSection(view.title, view.summary));
  blocks.push(stateContext(TONE_EMOJI[view.tone], view.stateLabel));
  const facts = factSections(view.facts, CARD_FACT_CHARS);
  blocks.push(...facts.blocks);
  const rec = `Recommendation: *${view.recommendation.decision}*. ${mrkdwnSafe(view.recommendation.reason, 1500)}`;
  blocks.push({ type: "section", text: md(rec, LIMITS.sectionText), ...(facts.clipped ? { accessory: detailsButton(subject) } : {}) });
  const comments = view.comments.slice(-SHOWN_COMMENTS);
  if (comments.length > 0) {
    const older = view.comments.length - comments.length;
    const lines = comments.map((c) => `💬 *${mrkdwnSafe(c.by, 100)}*: ${mrkdwnSafe(c.text, 600)}`);
    if (older > 0) lines.unshift(`_${older} earlier comment${older === 1 ? "" : "s"}_`);
    blocks.push({ type: "context", elements: lines.map((l) => md(l, LIMITS.sectionText)) });
  }
  const actions = actionsBlock(subjectBlockId("act", subject), subject, view.version, view.actions);
  if (actions) blocks.push(actions);
  return blocks;
}

export function compactReviewBlocks(view: ReviewView): KnownBlock[] {
  const subject = { reviewItemId: view.reviewItemId };
  const blocks: KnownBlock[] = [titleSection(view.title, `${TONE_EMOJI[view.tone]} ${view.stateLabel}. ${view.summary}`)];
  const actions = actionsBlock(subjectBlockId("act", subject), subject, view.version, view.actions);
  if (actions) blocks.push(actions);
  return blocks;
}

export function reviewFallbackText(view: ReviewView, headline?: string): string {
  return headline ?? `${view.title}: ${view.stateLabel}`;
}
