import type { AccessRequest } from "../../domain/request.js";
import type { RequestContext } from "../../domain/request-context.js";
import { loadRequestContext } from "./context.js";
import type { CoreDeps } from "./deps.js";
import { retryOnConflict } from "./retry-on-conflict.js";

/**
 * Visits candidate requests one by one, re-reading each under compare-and-swap, so a sweep that races
 * with a decision or another instance's sweep never acts on stale state.
 */
export async function sweep(
  deps: CoreDeps,
  candidates: AccessRequest[],
  due: (r: AccessRequest, now: Date) => boolean,
  act: (ctx: RequestContext, now: Date) => Promise<void>,
): Promise<string[]> {
  const touched: string[] = [];
  for (const c of candidates) {
    const done = await retryOnConflict(async () => {
      const ctx = await loadRequestContext(deps.store, c.id);
      const now = deps.clock.now();
      if (!due(ctx.request, now)) return false;
      await act(ctx, now);
      return true;
    });
    if (done) touched.push(c.id);
  }
  return touched;
}

export function isPast(iso: string | undefined, now: Date): boolean {
  return !!iso && Date.parse(iso) <= now.getTime();
}
