/** A Graph error answer, thrown by fake handlers and rendered as Graph's error envelope. */
export class GraphFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GraphFault";
  }
}

export const notFound = (id: string) =>
  new GraphFault(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

export const badRequest = (message: string, code = "Request_BadRequest") => new GraphFault(400, code, message);

/** Graph's envelope; `innerError.date` has no fraction and no zone, as Graph writes it. */
export function errorEnvelope(code: string, message: string, requestId: string, clientRequestId: string | undefined, now: Date) {
  return {
    error: {
      code,
      message,
      innerError: {
        date: now.toISOString().slice(0, 19),
        "request-id": requestId,
        "client-request-id": clientRequestId ?? requestId,
      },
    },
  };
}

/** Default code and message per status, as Graph uses them for throttling and outages. */
export function defaultFaultText(status: number): { code: string; message: string } {
  switch (status) {
    case 429:
      return { code: "TooManyRequests", message: "Too many requests. Please retry after the time in the Retry-After header." };
    case 503:
      return { code: "ServiceUnavailable", message: "The service is temporarily unavailable. Please retry." };
    case 504:
      return { code: "GatewayTimeout", message: "The gateway did not receive a response in time." };
    case 500:
      return { code: "InternalServerError", message: "An internal server error occurred." };
    default:
      return { code: "UnknownError", message: `Injected failure ${status}` };
  }
}
