/**
 * What a failed Bot Connector call tells us, read from botbuilder's RestError (statusCode, code from the
 * `{ error: { code } }` body, response.headers / bodyAsText) or any error with a similar shape.
 */
export interface DeliveryFailure {
  status: number | undefined;
  code: string | undefined;
  /** From Retry-After (seconds or HTTP date) or retry-after-ms, when present. */
  retryAfterMs: number | undefined;
  /** The user blocked or uninstalled the bot: retrying cannot succeed. */
  blocked: boolean;
}

/**
 * Teams documents 403 with subCode MessageWritesBlocked for a blocked or uninstalled bot, but people see
 * it in `error.code`, as a sub-code, or as ConversationBlockedByUser, so all of those count.
 */
const BLOCKED_MARKERS = ["MessageWritesBlocked", "ConversationBlockedByUser"];

interface ErrorLike {
  statusCode?: unknown;
  status?: unknown;
  code?: unknown;
  response?: { status?: unknown; headers?: unknown; bodyAsText?: unknown };
}

export function describeDeliveryFailure(err: unknown, now: () => number = Date.now): DeliveryFailure {
  const e = (typeof err === "object" && err !== null ? err : {}) as ErrorLike;
  const status = firstNumber(e.statusCode, e.status, e.response?.status);
  const code = typeof e.code === "string" ? e.code : undefined;
  const body = typeof e.response?.bodyAsText === "string" ? e.response.bodyAsText : "";
  const blocked = status === 403 && BLOCKED_MARKERS.some((m) => code === m || body.includes(m));
  return { status, code, retryAfterMs: retryAfter(e.response?.headers, now), blocked };
}

function retryAfter(headers: unknown, now: () => number): number | undefined {
  const read = (name: string): string | undefined => {
    if (!headers || typeof headers !== "object") return undefined;
    const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
    const value = typeof h.get === "function" ? h.get(name) : h[name];
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
  };
  const ms = read("retry-after-ms");
  if (ms !== undefined && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = read("retry-after");
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now()) : undefined;
}

function firstNumber(...values: unknown[]): number | undefined {
  for (const v of values) if (typeof v === "number" && Number.isFinite(v)) return v;
  return undefined;
}
