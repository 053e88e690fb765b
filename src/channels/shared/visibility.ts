import type { RequestView, ReviewView } from "../../core/views/types.js";

/**
 * Whether a person may be shown a request or review item in full (an "Open" or "Show details"
 * button): the people it concerns, never a bystander replaying someone else's button. The view was
 * built for `humanId`, so its `viewer.role` already says how they relate to it.
 */
export function maySee(view: RequestView | ReviewView, humanId: string): boolean {
  if (view.type === "request") return view.viewer.humanId === humanId && view.viewer.role !== "observer";
  return view.viewer.humanId === humanId && (view.viewer.role === "reviewer" || view.reviewer.humanId === humanId || view.subject.humanId === humanId);
}
