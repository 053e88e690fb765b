import type { ListItemView, ListView } from "../../../core/views/types.js";
import { actionModels, type SubjectRef } from "./actions.js";
import { fitted } from "./fit.js";
import { expandCard, type AdaptiveCardJson } from "./templates.js";
import { clip, colorOf, noteModel, type CardNote } from "./text.js";

/** Item ids carry their kind: requests `req_…`, review items `rv_…`; anything else (standing grants) has no actions. */
function subjectOf(item: ListItemView): SubjectRef | undefined {
  if (item.id.startsWith("req_")) return { requestId: item.id };
  if (item.id.startsWith("rv_")) return { reviewItemId: item.id };
  return undefined;
}

/** Lists (my access with Extend/Release, approvals, reviews, my requests): as many items as fit. */
export function renderListCard(view: ListView, note?: CardNote): AdaptiveCardJson {
  const counts = [15, 10, 5, 2].filter((n, i) => i === 0 || n < view.items.length);
  return fitted(counts, (max) => expandCard("list", listCardModel(view, note, max)));
}

/** The data `cards/list.json` is expanded with. */
export function listCardModel(view: ListView, note?: CardNote, max = 15) {
  const shown = view.items.slice(0, max);
  const total = Math.max(view.total, view.items.length);
  return {
    title: view.title,
    emptyText: view.emptyText,
    items: shown.map((item) => {
      const subject = subjectOf(item);
      const actions = subject ? actionModels(item.actions, subject, item.version) : { directActions: [], inputActions: [] };
      return { title: clip(item.title, 200), subtitle: clip(item.subtitle, 300), stateLabel: item.stateLabel, stateColor: colorOf(item.tone), ...actions };
    }),
    moreText: total > shown.length ? `Showing ${shown.length} of ${total}.` : "",
    note: noteModel(note),
  };
}
