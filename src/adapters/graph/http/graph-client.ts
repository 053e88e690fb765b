import { Client, HTTPMessageHandler, type AuthenticationProvider } from "@microsoft/microsoft-graph-client";
import { OriginBoundAuthMiddleware } from "./origin-bound-auth.js";

/**
 * The SDK client with a chain of exactly two middlewares: our origin-bound auth and the fetch handler.
 * The SDK's RetryHandler (and RedirectHandler) are deliberately absent: retries happen once, in our
 * cockatiel policy, where they are audited and bounded; a second hidden retry layer would multiply attempts.
 */
export function createGraphSdkClient(baseUrl: string, auth: AuthenticationProvider): Client {
  const url = new URL(baseUrl);
  const segments = url.pathname.split("/").filter(Boolean);
  const version = segments.pop() ?? "v1.0";
  const host = `${url.origin}${segments.length ? `/${segments.join("/")}` : ""}`;
  return Client.initWithMiddleware({
    baseUrl: host,
    defaultVersion: version,
    middleware: [new OriginBoundAuthMiddleware(auth, url.origin), new HTTPMessageHandler()],
  });
}
