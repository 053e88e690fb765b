import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's own window: a signed request is only good for five minutes either side of our clock. */
export const DEFAULT_MAX_SKEW_SECONDS = 5 * 60;

export type SignatureFailure =
  | "missing_signature"
  | "missing_timestamp"
  | "malformed_timestamp"
  | "stale_timestamp"
  | "future_timestamp"
  | "unknown_signature_version"
  | "signature_mismatch";

export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

export interface SignedRequest {
  signingSecret: string;
  /** The body exactly as it arrived on the wire; re-serialised JSON would not match. */
  rawBody: string;
  timestampHeader: string | undefined;
  signatureHeader: string | undefined;
  now: Date;
  maxSkewSeconds?: number;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{rawBody}`, the value Slack sends in X-Slack-Signature. */
export function computeSlackSignature(signingSecret: string, timestampSeconds: number | string, rawBody: string): string {
  const digest = createHmac("sha256", signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest("hex");
  return `v0=${digest}`;
}

/**
 * Checks X-Slack-Signature / X-Slack-Request-Timestamp. Pure: the caller passes the time, so replay and
 * skew are testable without waiting. Unlike bolt's verifySlackRequest, timestamps from the future are
 * rejected too: a captured request replayed later must not be pre-dated to stretch its window.
 */
export function verifySlackSignature(req: SignedRequest): SignatureCheck {
  const maxSkew = req.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  if (!req.signatureHeader) return fail("missing_signature");
  if (!req.timestampHeader) return fail("missing_timestamp");
  if (!/^\d{1,12}$/.test(req.timestampHeader)) return fail("malformed_timestamp");

  const timestamp = Number(req.timestampHeader);
  const nowSeconds = Math.floor(req.now.getTime() / 1000);
  if (nowSeconds - timestamp > maxSkew) return fail("stale_timestamp");
  if (timestamp - nowSeconds > maxSkew) return fail("future_timestamp");

  if (!req.signatureHeader.startsWith("v0=")) return fail("unknown_signature_version");
  const expected = Buffer.from(computeSlackSignature(req.signingSecret, req.timestampHeader, req.rawBody), "utf8");
  const received = Buffer.from(req.signatureHeader, "utf8");
  // timingSafeEqual needs equal lengths; the length of a well-formed signature is public anyway.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return fail("signature_mismatch");
  return { ok: true };
}

function fail(reason: SignatureFailure): SignatureCheck {
  return { ok: false, reason };
}
