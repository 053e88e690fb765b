import type { AuthenticationProvider, Context, Middleware } from "@microsoft/microsoft-graph-client";

/**
 * Adds the bearer token only to requests for the configured Graph origin. The SDK's own
 * AuthenticationHandler recognises https Microsoft hosts only, so it would send no token to the fake
 * tenant (http on loopback); matching the exact configured origin is also stricter than its host list.
 */
export class OriginBoundAuthMiddleware implements Middleware {
  private next?: Middleware;
  constructor(
    private readonly provider: AuthenticationProvider,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
    if (new URL(url).origin === this.origin) {
      headers.set("Authorization", `Bearer ${await this.provider.getAccessToken()}`);
    } else {
      headers.delete("Authorization");
    }
    context.options = { ...context.options, headers: Object.fromEntries(headers.entries()) };
    if (!this.next) throw new Error("OriginBoundAuthMiddleware must not be the last middleware");
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
