import type { FactView, RequestView, ReviewView } from "../../../core/views/types.js";
import type { KnownBlock } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { escapeMrkdwn, md, mrkdwnSafe } from "./text.js";

/** Splits escaped text into section-sized pieces (a 2,000-character justification may grow when escaped). */
function chunks(text: string, size: number): string[] {
  const escaped = escapeMrkdwn(text);
  const out: string[] = [];
  let rest = escaped;
  while (rest.length > size) {
    // Do not cut inside an entity such as &amp;.
    let cut = size;
    const amp = rest.lastIndexOf("&", cut);
    if (amp > cut - 5 && rest.indexOf(";", amp) >= cut) cut = amp;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}

function longSections(label: string, text: string): KnownBlock[] {
  const head = `*${escapeMrkdwn(label)}*\n`;
  return chunks(text, LIMITS.sectionText - head.length).map((c, i) => ({ type: "section", text: md(i === 0 ? head + c : c, LIMITS.sectionText) }));
}

function factLines(facts: readonly FactView[]): KnownBlock[] {
  return facts.flatMap((f) => longSections(f.label, f.value));
}

/** Everything a card had to shorten, in full: what "Show details" answers with. */
export function detailsBlocks(view: RequestView | ReviewView, maxBlocks: number): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: "section", text: md(`*${mrkdwnSafe(view.title, 2000)}*`, LIMITS.sectionText) }];
  if (view.type === "request" && view.justification) blocks.push(...longSections("Justification", view.justification));
  blocks.push(...factLines(view.facts));
  return blocks.slice(0, maxBlocks);
}
