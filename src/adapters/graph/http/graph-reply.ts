/** One Graph request as the adapter plans it: relative to the version root, query included. */
export interface GraphRequestSpec {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What came back, whatever the status: callers decide what a 400 or 404 means for their operation. */
export interface GraphReply {
  status: number;
  body: unknown;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  requestId?: string;
  clientRequestId?: string;
}

export interface GraphErrorBody {
  code: string;
  message: string;
  requestId?: string;
}

/** Reads Graph's error envelope `{error: {code, message, innerError: {"request-id"}}}`, tolerating odd bodies. */
export function graphErrorOf(reply: GraphReply): GraphErrorBody {
  const err = (reply.body as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } } | undefined)?.error;
  const inner = err?.innerError;
  return {
    code: typeof err?.code === "string" ? err.code : `HTTP${reply.status}`,
    message: typeof err?.message === "string" ? err.message : "",
    requestId: (typeof inner?.["request-id"] === "string" ? inner["request-id"] : undefined) ?? reply.requestId,
  };
}

export function isSuccess(reply: GraphReply): boolean {
  return reply.status >= 200 && reply.status < 300;
}
