import { badRequest } from "../pipeline/graph-fault.js";
import { parseFilter } from "./filter.js";

export interface CollectionQuery {
  query: URLSearchParams;
  /** Absolute URL of this request without its query, for `@odata.nextLink`. */
  selfUrl: string;
  context: string;
  defaultPageSize: number;
  maxPageSize?: number;
}

/**
 * Applies `$filter`, `$top`, `$skiptoken` and `$count` to a collection and shapes the page the way
 * Graph does: `value`, `@odata.context`, `@odata.nextLink` while more remain.
 */
export function pageOf(items: Array<Record<string, unknown>>, q: CollectionQuery, project: (e: Record<string, unknown>) => Record<string, unknown>) {
  const filterText = q.query.get("$filter");
  const filtered = filterText ? items.filter(parseFilter(filterText)) : items;
  const topText = q.query.get("$top");
  const top = topText ? Number(topText) : q.defaultPageSize;
  if (!Number.isInteger(top) || top < 1 || top > (q.maxPageSize ?? 999)) throw badRequest(`Invalid page size ${topText}`, "BadRequest");
  const offset = decodeSkipToken(q.query.get("$skiptoken"));
  const page = filtered.slice(offset, offset + top);
  const body: Record<string, unknown> = { "@odata.context": q.context };
  if (q.query.get("$count") === "true") body["@odata.count"] = filtered.length;
  if (offset + top < filtered.length) {
    const next = new URLSearchParams(q.query);
    next.set("$skiptoken", encodeSkipToken(offset + top));
    body["@odata.nextLink"] = `${q.selfUrl}?${decodeURIComponent(next.toString()).replace(/ /g, "%20")}`;
  }
  body.value = page.map(project);
  return body;
}

/** `$select`: only the named properties; without it, the entity's default set. */
export function selectFields(entity: Record<string, unknown>, query: URLSearchParams, defaults: readonly string[]): Record<string, unknown> {
  const select = query.get("$select");
  const fields = select ? select.split(",").map((s) => s.trim()).filter(Boolean) : defaults;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in entity) out[f] = entity[f];
  return out;
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

function decodeSkipToken(token: string | null): number {
  if (!token) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(token, "base64url").toString());
  if (!m) throw badRequest("Invalid $skiptoken", "BadRequest");
  return Number(m[1]);
}
