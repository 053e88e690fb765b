import { ErrorCodes, ProvisioningError } from "../../../core/errors.js";
import type { CallContext } from "../audit/graph-call-audit.js";
import { errorFromReply } from "../errors/map-graph-error.js";
import type { GraphCaller } from "../graph-caller.js";
import type { GraphRequestSpec } from "../http/graph-reply.js";

/** Upper bound on pages, so a server that keeps answering with a nextLink cannot loop us forever. */
const MAX_PAGES = 1000;

/**
 * Reads every page of a collection. `@odata.nextLink` is absolute; it is followed only when it points
 * under the configured base URL, so the bearer token never goes to a host a response named.
 */
export async function readAllPages<T>(caller: GraphCaller, baseUrl: string, first: GraphRequestSpec, ctx: CallContext): Promise<T[]> {
  const out: T[] = [];
  let spec: GraphRequestSpec | undefined = first;
  for (let page = 0; spec && page < MAX_PAGES; page++) {
    const reply = await caller.call(spec, ctx);
    if (reply.status !== 200) throw errorFromReply(spec, reply);
    const body = (reply.body ?? {}) as { value?: T[]; "@odata.nextLink"?: string };
    out.push(...(body.value ?? []));
    const next = body["@odata.nextLink"];
    spec = next ? { ...first, path: relativeToBase(next, baseUrl) } : undefined;
  }
  return out;
}

function relativeToBase(link: string, baseUrl: string): string {
  if (!link.toLowerCase().startsWith(`${baseUrl.toLowerCase()}/`)) {
    throw new ProvisioningError(ErrorCodes.GRAPH_ERROR, "Graph returned a nextLink outside the configured base URL; not following it", false, {
      graphCode: "UnexpectedNextLink",
    });
  }
  return link.slice(baseUrl.length);
}
