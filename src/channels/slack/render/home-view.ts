import type { OverviewView } from "../../shared/overview.js";
import type { HomeView, KnownBlock } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { listBlocks } from "./list-blocks.js";
import { compactRequestBlocks } from "./request-blocks.js";
import { compactReviewBlocks } from "./review-blocks.js";
import { md, mrkdwnSafe } from "./text.js";

function header(text: string): KnownBlock {
  return { type: "header", text: { type: "plain_text", text, emoji: true } };
}

function more(shown: number, total: number, command: string): KnownBlock | undefined {
  if (total <= shown) return undefined;
  return { type: "context", elements: [md(`…and ${total - shown} more. Type \`/pim ${command}\` for the list.`, LIMITS.sectionText)] };
}

/** Adds a section's blocks while they fit, keeping `reserve` blocks free for what comes after. */
class Budget {
  readonly blocks: KnownBlock[] = [];
  constructor(private readonly max: number) {}
  left(): number {
    return this.max - this.blocks.length;
  }
  tryAdd(blocks: KnownBlock[], reserve = 0): boolean {
    if (blocks.length + reserve > this.left()) return false;
    this.blocks.push(...blocks);
    return true;
  }
}

/**
 * App Home: what needs me first (approvals, reviews, with their buttons), then what I hold (Extend /
 * Release) and my requests. Never more than Slack's 100 blocks: later sections get what is left.
 */
export function homeView(overview: OverviewView, intro: string): HomeView {
  const budget = new Budget(LIMITS.viewBlocks);
  // Each later section needs at least a header and one line.
  const RESERVE_PER_SECTION = 3;
  budget.tryAdd([{ type: "section", text: md(mrkdwnSafe(intro, LIMITS.sectionText), LIMITS.sectionText) }]);

  const groups = [
    { title: "Waiting for my approval", views: overview.approvals.views.map(compactRequestBlocks), total: overview.approvals.total, empty: "Nothing is waiting for your approval.", command: "approvals" },
    { title: "My review items", views: overview.reviews.views.map(compactReviewBlocks), total: overview.reviews.total, empty: "No review items are waiting for you.", command: "reviews" },
  ];
  let sectionsAfter = 3;
  for (const g of groups) {
    sectionsAfter -= 1;
    const reserve = sectionsAfter * RESERVE_PER_SECTION;
    budget.tryAdd([{ type: "divider" }, header(g.title)], reserve);
    if (g.views.length === 0) budget.tryAdd([{ type: "section", text: md(g.empty, LIMITS.sectionText) }], reserve);
    let shown = 0;
    for (const blocks of g.views) {
      if (!budget.tryAdd(blocks, reserve + 1)) break;
      shown += 1;
    }
    const tail = more(shown, Math.max(g.total, g.views.length), g.command);
    if (tail) budget.tryAdd([tail], reserve);
  }
  const lists = [overview.myAccess, overview.myRequests];
  lists.forEach((list, i) => {
    // Split what is left evenly; one block of each share goes to the divider.
    const share = Math.floor(budget.left() / (lists.length - i)) - 1;
    if (share >= 2) budget.tryAdd([{ type: "divider" }, ...listBlocks(list, share)]);
  });
  return { type: "home", blocks: budget.blocks };
}
