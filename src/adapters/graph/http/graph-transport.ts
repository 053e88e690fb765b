import { ResponseType, type Client } from "@microsoft/microsoft-graph-client";
import type { GraphReply, GraphRequestSpec } from "./graph-reply.js";

/** The request never got an HTTP answer (connection refused or reset, DNS, timeout). */
export class GraphNetworkError extends Error {
  constructor(
    readonly reason: string,
    readonly timedOut: boolean,
  ) {
    super(`Graph request failed without an HTTP answer: ${reason}`);
    this.name = "GraphNetworkError";
  }
}

export interface GraphTransportOptions {
  requestTimeoutMs: number;
  newClientRequestId: () => string;
}

/**
 * Sends exactly one HTTP request through the Graph SDK and returns the raw answer. RAW mode keeps the
 * status, `request-id` and `Retry-After` of every answer, success or not, which the audit and the
 * retry policy both need and which the SDK's parsed mode discards on success.
 */
export class GraphTransport {
  constructor(
    private readonly client: Client,
    private readonly options: GraphTransportOptions,
  ) {}

  async send(spec: GraphRequestSpec): Promise<GraphReply> {
    const clientRequestId = this.options.newClientRequestId();
    const request = this.client
      .api(spec.path)
      .headers({ "client-request-id": clientRequestId, ...(spec.headers ?? {}) })
      .option("signal", AbortSignal.timeout(this.options.requestTimeoutMs))
      .responseType(ResponseType.RAW);
    let response: Response;
    try {
      response = (await dispatch(request, spec)) as Response;
    } catch (e) {
      const name = (e as { code?: unknown; name?: unknown }).code ?? (e as Error).name;
      const timedOut = name === "TimeoutError" || name === "AbortError";
      throw new GraphNetworkError(timedOut ? `no answer within ${this.options.requestTimeoutMs} ms` : String(name ?? "network error"), timedOut);
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new GraphNetworkError("connection closed while reading the answer", false);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    return {
      status: response.status,
      body: parseBody(text, headers["content-type"]),
      headers,
      requestId: headers["request-id"],
      clientRequestId,
    };
  }
}

function dispatch(request: ReturnType<Client["api"]>, spec: GraphRequestSpec): Promise<unknown> {
  switch (spec.method) {
    case "GET":
      return request.get();
    case "POST":
      return request.post(spec.body ?? {});
    case "PATCH":
      return request.patch(spec.body ?? {});
    case "DELETE":
      return request.delete();
  }
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType?.includes("json")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
