import type { RequestView, StageView } from "../../../core/views/types.js";
import { actionsBlock, detailsButton, subjectBlockId } from "./actions.js";
import type { ContextBlock, KnownBlock, SectionBlock } from "./block-kit.js";
import { factSections } from "./facts.js";
import { CARD_FACT_CHARS, CARD_JUSTIFICATION_CHARS, LIMITS } from "./limits.js";
import { md, mrkdwnSafe } from "./text.js";
import { TONE_EMOJI } from "./tone.js";

export interface CardOptions {
  /** What this copy was sent for ("… needs your approval"), shown on top. */
  headline?: string;
}

function stageLine(s: StageView): string {
  const need = s.required > 1 ? ` (${s.required} approvals)` : "";
  if (s.status === "done") return `✅ ${s.name}: approved by ${s.approvedBy.map((a) => a.name).join(", ") || "policy"}`;
  if (s.status === "current") return `⏳ ${s.name}${need}: waiting for ${s.waitingFor.map((p) => p.name).join(", ") || "nobody"}`;
  return `▫️ ${s.name}${need}`;
}

export function stateContext(emoji: string, stateLabel: string): ContextBlock {
  return { type: "context", elements: [md(`${emoji} *${mrkdwnSafe(stateLabel, 2000)}*`, LIMITS.sectionText)] };
}

function headlineSection(headline: string): SectionBlock {
  return { type: "section", text: md(mrkdwnSafe(headline, LIMITS.sectionText), LIMITS.sectionText) };
}

export function titleSection(title: string, summary: string): SectionBlock {
  const head = `*${mrkdwnSafe(title, 500)}*\n`;
  return { type: "section", text: md(head + mrkdwnSafe(summary, LIMITS.sectionText - head.length), LIMITS.sectionText) };
}

/** A request as a Block Kit card for one viewer: their actions only; long text shortened with "Show details". */
export function requestBlocks(view: RequestView, options: CardOptions = {}): KnownBlock[] {
  const subject = { requestId: view.requestId };
  const blocks: KnownBlock[] = [];
  if (options.headline) blocks.push(headlineSection(options.headline));
  blocks.push(titleSection(view.title, view.summary));
  blocks.push(stateContext(TONE_EMOJI[view.tone], view.stateLabel));
  if (view.outcome) blocks.push({ type: "section", text: md(mrkdwnSafe(view.outcome, LIMITS.sectionText), LIMITS.sectionText) });

  const facts = factSections(view.facts, CARD_FACT_CHARS);
  blocks.push(...facts.blocks);
  const shortened = facts.clipped || view.justification.length > CARD_JUSTIFICATION_CHARS;
  if (view.justification || shortened) {
    const text = view.justification ? `*Justification*\n${mrkdwnSafe(view.justification, CARD_JUSTIFICATION_CHARS)}` : "Some details are shortened.";
    blocks.push({ type: "section", text: md(text, LIMITS.sectionText), ...(shortened ? { accessory: detailsButton(subject) } : {}) });
  }
  if (view.stages.length > 0) {
    const lines = view.stages.slice(0, LIMITS.contextElements).map((s) => md(mrkdwnSafe(stageLine(s), 1000), LIMITS.sectionText));
    blocks.push({ type: "context", elements: lines });
  }
  const actions = actionsBlock(subjectBlockId("act", subject), subject, view.version, view.actions);
  if (actions) blocks.push(actions);
  return blocks;
}

/** Two or three blocks: title, state and the viewer's buttons (App Home, lists). */
export function compactRequestBlocks(view: RequestView): KnownBlock[] {
  const subject = { requestId: view.requestId };
  const blocks: KnownBlock[] = [titleSection(view.title, `${TONE_EMOJI[view.tone]} ${view.stateLabel}. ${view.summary}`)];
  const actions = actionsBlock(subjectBlockId("act", subject), subject, view.version, view.actions);
  if (actions) blocks.push(actions);
  return blocks;
}

export function requestFallbackText(view: RequestView, headline?: string): string {
  return headline ?? `${view.title}: ${view.stateLabel}`;
}
