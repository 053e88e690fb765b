import type { Conformance } from "../pipeline/conformance.js";
import type { GraphPipeline } from "../pipeline/graph-pipeline.js";
import type { FakeResponse, Router } from "../pipeline/router.js";

/**
 * JSON batching: the envelope is checked (schema, unique ids, dependsOn), then each item runs through
 * the same pipeline as a direct call. Items run one after another in dependency order; an item whose
 * dependency failed gets 424, as Graph does.
 */
export function registerBatchRoute(router: Router, conformance: Conformance, pipeline: () => GraphPipeline): void {
  router.add("POST", "/$batch", async (req) => {
    const items = conformance.checkBatch(req.body);
    const done = new Map<string, FakeResponse>();
    const responses: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }> = [];
    const pending = [...items];
    while (pending.length) {
      const idx = pending.findIndex((it) => (it.dependsOn ?? []).every((d) => done.has(d.toLowerCase())));
      const item = pending.splice(idx < 0 ? 0 : idx, 1)[0]!;
      const failedDep = (item.dependsOn ?? []).some((d) => (done.get(d.toLowerCase())?.status ?? 0) >= 400);
      const r: FakeResponse = failedDep
        ? { status: 424, body: { error: { code: "FailedDependency", message: "A request this request depends on failed." } } }
        : await pipeline().handleItem(
            {
              method: item.method,
              url: item.url,
              headers: { ...lower(item.headers), "client-request-id": req.headers["client-request-id"] },
              body: item.body,
              origin: new URL(req.apiRoot).origin,
              versionSegment: new URL(req.apiRoot).pathname.replace(/^\//, ""),
            },
            req.seq,
          );
      done.set(item.id.toLowerCase(), r);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers ?? {})) {
        // Items carry content and retry headers; ids of the items' own requests stay in their error bodies.
        if (k === "Content-Type" || k === "Retry-After") headers[k] = v;
      }
      responses.push({ id: item.id, status: r.status, ...(Object.keys(headers).length ? { headers } : {}), ...(r.body !== undefined ? { body: r.body } : {}) });
    }
    return { status: 200, body: { responses } };
  });
}

function lower(h: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
