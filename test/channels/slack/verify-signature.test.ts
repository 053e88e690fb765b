import { describe, expect, it } from "vitest";
import { computeSlackSignature, verifySlackSignature } from "../../../src/channels/slack/transport/verify-signature.js";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const now = new Date("2026-03-01T12:00:00Z");
const nowSec = Math.floor(now.getTime() / 1000);
const body = "token=x&team_id=T1&command=%2Fpim&text=request+Global+Reader";

function check(overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) {
  return verifySlackSignature({
    signingSecret: secret,
    rawBody: body,
    timestampHeader: String(nowSec),
    signatureHeader: computeSlackSignature(secret, nowSec, body),
    now,
    ...overrides,
  });
}

describe("verifySlackSignature", () => {
  it("accepts what Slack signs", () => {
    expect(check()).toEqual({ ok: true });
  });

  it("matches Slack's documented example signature", () => {
    // From Slack's "Verifying requests from Slack" guide.
    const docBody =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(computeSlackSignature(secret, 1531420618, docBody)).toBe("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
  });

  it("rejects another secret", () => {
    expect(check({ signatureHeader: computeSlackSignature("not-the-secret", nowSec, body) })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("rejects an altered body", () => {
    expect(check({ rawBody: `${body}&is_admin=true` })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("rejects a request older than five minutes even when correctly signed", () => {
    const old = nowSec - 301;
    expect(check({ timestampHeader: String(old), signatureHeader: computeSlackSignature(secret, old, body) })).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
  });

  it("accepts a request exactly five minutes old", () => {
    const edge = nowSec - 300;
    expect(check({ timestampHeader: String(edge), signatureHeader: computeSlackSignature(secret, edge, body) }).ok).toBe(true);
  });

  it("rejects a timestamp more than five minutes in the future", () => {
    const future = nowSec + 301;
    expect(check({ timestampHeader: String(future), signatureHeader: computeSlackSignature(secret, future, body) })).toEqual({
      ok: false,
      reason: "future_timestamp",
    });
  });

  it("names missing and malformed headers", () => {
    expect(check({ signatureHeader: undefined })).toEqual({ ok: false, reason: "missing_signature" });
    expect(check({ timestampHeader: undefined })).toEqual({ ok: false, reason: "missing_timestamp" });
    expect(check({ timestampHeader: "12e3" })).toEqual({ ok: false, reason: "malformed_timestamp" });
    expect(check({ signatureHeader: "v1=abc" })).toEqual({ ok: false, reason: "unknown_signature_version" });
    expect(check({ signatureHeader: "v0=short" })).toEqual({ ok: false, reason: "signature_mismatch" });
  });
});
