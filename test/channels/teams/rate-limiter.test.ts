import { describe, expect, it } from "vitest";
import { TeamsRateLimiter } from "../../../src/channels/teams/connector/rate-limiter.js";
import { DeliveryError, ErrorCodes } from "../../../src/core/errors.js";
import { SlidingWindows, TEAMS_CONVERSATION_LIMITS, type WindowLimit } from "../../fakes/bot-connector/windows.js";
import { VirtualTime } from "./virtual-time.js";

/** Errors shaped like botbuilder's RestError (statusCode, code, response.headers.get). */
function restError(statusCode: number, code: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(code), { statusCode, code, response: { status: statusCode, headers: new Headers(headers), bodyAsText: JSON.stringify({ error: { code } }) } });
}

/** An independent judge: the fake connector's window check, fed with the virtual time of every call. */
function recordingConnector(time: VirtualTime, conversationLimits: readonly WindowLimit[], tenantLimits: readonly WindowLimit[]) {
  const byConversation = new SlidingWindows(conversationLimits);
  const byTenant = new SlidingWindows(tenantLimits);
  const calls: { conversationId: string; label: string; at: number }[] = [];
  const violations: string[] = [];
  return {
    calls,
    violations,
    send: (conversationId: string, tenantId: string, label: string) => async () => {
      const at = time.now();
      for (const [windows, key] of [[byConversation, conversationId], [byTenant, tenantId]] as const) {
        const verdict = windows.check(key, at);
        if (!verdict.allowed) violations.push(`${label} at ${at} exceeded ${JSON.stringify(verdict.exceeded)}`);
        windows.record(key, at);
      }
      calls.push({ conversationId, label, at });
      return label;
    },
  };
}

describe("TeamsRateLimiter", () => {
  it("keeps one busy conversation within every Teams window and in order", async () => {
    const time = new VirtualTime();
    const limiter = new TeamsRateLimiter({ now: time.now, sleep: time.sleep });
    const connector = recordingConnector(time, TEAMS_CONVERSATION_LIMITS, [{ max: 30, perMs: 1000 }]);

    const labels = await time.run(Promise.all(Array.from({ length: 70 }, (_, i) => limiter.schedule({ conversationId: "c1", tenantId: "t1" }, connector.send("c1", "t1", `m${i}`)))));

    expect(connector.violations).toEqual([]);
    expect(labels).toEqual(Array.from({ length: 70 }, (_, i) => `m${i}`));
    expect(connector.calls.map((c) => c.label)).toEqual(labels);
    // 7 go at once; the 8th waits for the 1 s window; the 61st for the 30 s window.
    expect(connector.calls[6]!.at).toBe(0);
    expect(connector.calls[7]!.at).toBeGreaterThanOrEqual(1000);
    expect(connector.calls[60]!.at).toBeGreaterThanOrEqual(30_000);
  });

  it("keeps a tenant within 30 requests per second across many conversations", async () => {
    const time = new VirtualTime();
    const limiter = new TeamsRateLimiter({ now: time.now, sleep: time.sleep });
    const connector = recordingConnector(time, TEAMS_CONVERSATION_LIMITS, [{ max: 30, perMs: 1000 }]);

    await time.run(Promise.all(Array.from({ length: 100 }, (_, i) => limiter.schedule({ conversationId: `c${i}`, tenantId: "t1" }, connector.send(`c${i}`, "t1", `m${i}`)))));

    expect(connector.violations).toEqual([]);
    expect(connector.calls).toHaveLength(100);
    expect(connector.calls.filter((c) => c.at < 1000)).toHaveLength(30);
  });

  it("counts a slow call from when it finished, so the server never sees the window overfilled", async () => {
    const time = new VirtualTime();
    const limiter = new TeamsRateLimiter({ now: time.now, sleep: time.sleep, conversationLimits: [{ max: 2, perMs: 1000 }] });
    const starts: number[] = [];
    const slowCall = (ms: number) => async () => {
      starts.push(time.now());
      await time.sleep(ms);
    };

    await time.run(Promise.all([300, 0, 0].map((ms) => limiter.schedule({ conversationId: "c1", tenantId: "t1" }, slowCall(ms)))));

    // The first call ran 0–300 ms; the third may start only a full window after that finish.
    expect(starts[0]).toBe(0);
    expect(starts[1]).toBe(300);
    expect(starts[2]).toBeGreaterThanOrEqual(1300);
  });

  it("pauses only the throttled conversation for Retry-After, then delivers", async () => {
    const time = new VirtualTime();
    const limiter = new TeamsRateLimiter({ now: time.now, sleep: time.sleep });
    const attempts: { conversationId: string; at: number }[] = [];
    let throttledOnce = false;

    const call = (conversationId: string) => async () => {
      attempts.push({ conversationId, at: time.now() });
      if (conversationId === "busy" && !throttledOnce) {
        throttledOnce = true;
        throw restError(429, "TooManyRequests", { "retry-after": "5" });
      }
      return conversationId;
    };

    const results = await time.run(
      Promise.all([
        limiter.schedule({ conversationId: "busy", tenantId: "t1" }, call("busy")),
        limiter.schedule({ conversationId: "busy", tenantId: "t1" }, call("busy")),
        limiter.schedule({ conversationId: "quiet", tenantId: "t1" }, call("quiet")),
      ]),
    );

    expect(results).toEqual(["busy", "busy", "quiet"]);
    expect(attempts.filter((a) => a.conversationId === "quiet").map((a) => a.at)).toEqual([0]);
    expect(attempts.filter((a) => a.conversationId === "busy").map((a) => a.at)).toEqual([0, 5000, 5000]);
  });

  it("gives up with a retryable RATE_LIMITED after maxAttempts", async () => {
    const time = new VirtualTime();
    const limiter = new TeamsRateLimiter({ now: time.now, sleep: time.sleep, maxAttempts: 2 });
    let calls = 0;

    const error = await time.run(
      limiter
        .schedule({ conversationId: "c1", tenantId: "t1" }, async () => {
          calls++;
          throw restError(429, "TooManyRequests", { "retry-after": "2" });
        })
        .catch((e: unknown) => e),
    );

    expect(calls).toBe(2);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: ErrorCodes.RATE_LIMITED, permanent: false, details: { conversationId: "c1", retryAfterMs: 2000 } });
  });

  it.each([
    ["error.code", restError(403, "MessageWritesBlocked")],
    ["a sub-code in the body", Object.assign(new Error("Forbidden"), { statusCode: 403, response: { status: 403, headers: new Headers(), bodyAsText: '{"error":{"code":"Forbidden"},"subCode":"MessageWritesBlocked"}' } })],
    ["ConversationBlockedByUser", restError(403, "ConversationBlockedByUser")],
  ])("treats 403 MessageWritesBlocked (%s) as permanent DELIVERY_BLOCKED, without retrying", async (_how, failure) => {
    const time = new VirtualTime();
    const limiter = new TeamsRateLimiter({ now: time.now, sleep: time.sleep });
    let calls = 0;

    const error = await time.run(
      limiter
        .schedule({ conversationId: "c1", tenantId: "t1" }, async () => {
          calls++;
          throw failure;
        })
        .catch((e: unknown) => e),
    );

    expect(calls).toBe(1);
    expect(error).toMatchObject({ code: ErrorCodes.DELIVERY_BLOCKED, permanent: true });
  });

  it("passes other failures through unchanged and keeps serving the conversation", async () => {
    const time = new VirtualTime();
    const limiter = new TeamsRateLimiter({ now: time.now, sleep: time.sleep });
    const forbidden = restError(403, "BotDisabledByAdmin");

    const [first, second] = await time.run(
      Promise.all([
        limiter.schedule({ conversationId: "c1", tenantId: "t1" }, () => Promise.reject(forbidden)).catch((e: unknown) => e),
        limiter.schedule({ conversationId: "c1", tenantId: "t1" }, async () => "next"),
      ]),
    );

    expect(first).toBe(forbidden);
    expect(second).toBe("next");
  });

  it("refuses new work after stop()", async () => {
    const limiter = new TeamsRateLimiter();
    await limiter.stop();

    await expect(limiter.schedule({ conversationId: "c1", tenantId: "t1" }, async () => "x")).rejects.toMatchObject({ code: ErrorCodes.RATE_LIMITED, permanent: false });
  });
});
