export interface FakeRequest {
  method: string;
  /** Decoded path after the version segment, e.g. `/groups/…/members/$ref`. */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string | undefined>;
  body: unknown;
  /** Absolute URL of this path without query, for `@odata.nextLink`. */
  selfUrl: string;
  /** Absolute version root (`http://host:port/v1.0`), for `@odata.context`. */
  apiRoot: string;
  requestId: string;
  /** This call's number in the request log (a `$batch` hands it to its items). */
  seq: number;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  handler: RouteHandler;
}

/** Path templates in Graph's own notation (`/groups/{group-id}/members/$ref`), matched case-insensitively. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = template
      .split("/")
      .map((seg) => {
        const m = /^\{(.+)\}$/.exec(seg);
        if (m) {
          names.push(m[1] as string);
          return "([^/]+)";
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.routes.push({ method: method.toUpperCase(), template, regex: new RegExp(`^${source}/?$`, "i"), names, handler });
    return this;
  }

  /** Method and a concrete path per route (`{x}` filled in), e.g. to warm up validators. */
  operations(): Array<[string, string]> {
    return this.routes.map((r) => [r.method, r.template.replace(/\{[^}]+\}/g, "x")]);
  }

  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } | "methodNotAllowed" | undefined {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method.toUpperCase()) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] as string)));
      return { handler: r.handler, params };
    }
    return pathMatched ? "methodNotAllowed" : undefined;
  }
}
