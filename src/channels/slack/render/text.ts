import type { MrkdwnElement, PlainTextElement } from "./block-kit.js";

const ELLIPSIS = "…";

/** Cuts to at most `max` UTF-16 units, ending in "…", without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ELLIPSIS.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

/**
 * Slack's three control characters. Escaping user text also keeps `<!channel>` or `<@U…>` typed
 * into a justification from pinging anyone.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escaped and clipped so the escaped form fits, without cutting an entity in half. */
export function mrkdwnSafe(raw: string, max: number): string {
  let n = Math.min(raw.length, max);
  for (;;) {
    if (n <= 0) return "";
    const out = escapeMrkdwn(clip(raw, n));
    if (out.length <= max) return out;
    n -= out.length - max;
  }
}

/** Slack refuses empty text objects. */
function nonEmpty(text: string): string {
  return text.trim() === "" ? "–" : text;
}

export function plain(text: string, max: number): PlainTextElement {
  return { type: "plain_text", text: nonEmpty(clip(text, max)), emoji: true };
}

/** Already-formatted mrkdwn (escape the user parts with mrkdwnSafe first); clipped to `max`. */
export function md(text: string, max: number): MrkdwnElement {
  return { type: "mrkdwn", text: nonEmpty(clip(text, max)) };
}
