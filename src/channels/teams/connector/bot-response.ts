import type { Response as BotFrameworkResponse } from "botbuilder";

/**
 * The response object CloudAdapter.process writes to, captured instead of written through, so the route
 * can decide what actually leaves the process (botbuilder puts raw exception messages in 401/500 bodies).
 */
export class CapturedBotResponse implements BotFrameworkResponse {
  /** botbuilder's type has it; nothing in CloudAdapter's HTTP path reads it. */
  socket: unknown = undefined;
  statusCode = 200;
  body: unknown = undefined;
  readonly headers: Record<string, string> = {};
  ended = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }
}
