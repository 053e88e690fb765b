/**
 * Turns the raw body of a request from Slack into what bolt's App#processEvent expects. Slack uses three
 * encodings on one URL: Events API as JSON, slash commands as plain form fields, and interactivity
 * (block_actions, view_submission, block_suggestion for external_select options, shortcuts) as a form
 * with a single `payload` field holding JSON.
 */
export type SlackInbound =
  | { kind: "ssl_check" }
  | { kind: "url_verification"; challenge: string }
  | { kind: "dispatch"; body: Record<string, unknown>; eventId?: string };

export type ParseFailure = "unsupported_content_type" | "malformed_body";

export type ParseResult = { ok: true; inbound: SlackInbound } | { ok: false; reason: ParseFailure };

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Slack's SSL check is a form post that Slack does not sign. Recognising it before verification lets us
 * answer it without ever dispatching its content, which is what makes skipping the signature safe.
 */
export function isSslCheck(contentType: string | undefined, rawBody: string): boolean {
  if (mediaType(contentType) !== "application/x-www-form-urlencoded") return false;
  const form = new URLSearchParams(rawBody);
  return form.get("ssl_check") === "1" && !form.has("payload") && !form.has("command");
}

export function parseSlackBody(contentType: string | undefined, rawBody: string): ParseResult {
  switch (mediaType(contentType)) {
    case "application/x-www-form-urlencoded":
      return parseForm(rawBody);
    case "application/json":
      return parseJson(rawBody);
    default:
      return { ok: false, reason: "unsupported_content_type" };
  }
}

function parseForm(rawBody: string): ParseResult {
  const form = new URLSearchParams(rawBody);
  const payload = form.get("payload");
  if (payload !== null) {
    const body = parseObject(payload);
    return body ? dispatch(body) : { ok: false, reason: "malformed_body" };
  }
  if (form.get("ssl_check") === "1") return { ok: true, inbound: { kind: "ssl_check" } };
  const fields = Object.fromEntries(form.entries());
  return fields.command ? dispatch(fields) : { ok: false, reason: "malformed_body" };
}

function parseJson(rawBody: string): ParseResult {
  const body = parseObject(rawBody);
  if (!body) return { ok: false, reason: "malformed_body" };
  if (body.type === "url_verification") {
    return typeof body.challenge === "string"
      ? { ok: true, inbound: { kind: "url_verification", challenge: body.challenge } }
      : { ok: false, reason: "malformed_body" };
  }
  return dispatch(body);
}

function dispatch(body: Record<string, unknown>): ParseResult {
  const eventId = body.type === "event_callback" && typeof body.event_id === "string" ? body.event_id : undefined;
  return { ok: true, inbound: eventId ? { kind: "dispatch", body, eventId } : { kind: "dispatch", body } };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
