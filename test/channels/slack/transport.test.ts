import type { App } from "@slack/bolt";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSlackApp } from "../../../src/channels/slack/transport/create-app.js";
import { RateLimitedSlackClient } from "../../../src/channels/slack/transport/rate-limit.js";
import { DeliveryError, ErrorCodes, PimError } from "../../../src/core/errors.js";
import type { Clock } from "../../../src/core/ports/clock.js";
import { FakeSlack, SlackRequestSender, type FakeSlackUser } from "../../fakes/slack/index.js";
import { recordingLogger } from "./recording-logger.js";

const signingSecret = "test-signing-secret-0123456789abcdef";
const clock: Clock = { now: () => new Date("2026-03-01T12:00:00Z") };
const alice: FakeSlackUser = { id: "U0ALICE001", email: "alice@contoso.example", realName: "Alice Approver" };
const bob: FakeSlackUser = { id: "U0BOB00001", email: "bob@contoso.example", realName: "Bob Requester" };
const catalog = ["Global Reader", "Global Administrator", "Security Reader", "Exchange Administrator"];

const requestModal = {
  type: "modal" as const,
  callback_id: "request_access",
  title: { type: "plain_text" as const, text: "Request access" },
  submit: { type: "plain_text" as const, text: "Request" },
  blocks: [
    {
      type: "input" as const,
      block_id: "entitlement",
      label: { type: "plain_text" as const, text: "Role or group" },
      element: { type: "external_select" as const, action_id: "entitlement_search", min_query_length: 2 },
    },
    {
      type: "input" as const,
      block_id: "reason",
      label: { type: "plain_text" as const, text: "Justification" },
      element: { type: "plain_text_input" as const, action_id: "reason_input", multiline: true },
    },
  ],
};

function approvalBlocks(requestId: string) {
  return [
    { type: "section", block_id: "summary", text: { type: "mrkdwn", text: "*Bob* asks for *Global Reader* for 4h" } },
    {
      type: "actions",
      block_id: "decision",
      elements: [
        { type: "button", action_id: "approve", text: { type: "plain_text", text: "Approve" }, style: "primary", value: requestId },
        { type: "button", action_id: "deny", text: { type: "plain_text", text: "Deny" }, style: "danger", value: requestId },
      ],
    },
  ];
}

describe("Slack HTTP transport on our fastify server", () => {
  let slack: FakeSlack;
  let server: FastifyInstance;
  let app: App;
  let sender: SlackRequestSender;
  const logger = recordingLogger();
  /** Every request bolt dispatched to middleware, by kind: proves rejected requests reach no listener. */
  const dispatched: string[] = [];
  const homeOpens: string[] = [];
  let releaseSlowListener: () => void = () => {};
  let slowListenerAcked: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    slack = await FakeSlack.start({ users: [alice, bob] });
    const built = await createSlackApp({
      botToken: slack.botToken,
      signingSecret,
      apiUrl: slack.apiUrl,
      clock,
      logger,
      // Shorter than production so the no-ack test is quick, long enough that a loaded CI box still acks in time.
      receiver: { ackTimeoutMs: 1_000 },
    });
    if (built.mode !== "http") throw new Error("expected HTTP mode without an app token");
    app = built.app;

    app.use(async ({ body, next }) => {
      dispatched.push(String((body as { type?: string; command?: string }).type ?? (body as { command?: string }).command));
      await next();
    });
    app.command("/pim", async ({ command, ack, client }) => {
      if (command.text.startsWith("request")) {
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: requestModal });
        return;
      }
      await ack("Looking up your requests…");
      await client.chat.postMessage({ channel: command.channel_id, text: `You have no open requests, <@${command.user_id}>.` });
    });
    app.command("/slow", async ({ ack }) => {
      let acked: () => void = () => {};
      slowListenerAcked = new Promise((resolve) => (acked = resolve));
      await new Promise<void>((resolve) => (releaseSlowListener = resolve));
      await ack("too late");
      acked();
    });
    app.command("/broken", async () => {
      throw new Error("listener bug before ack");
    });
    app.action("approve", async ({ ack, respond, body }) => {
      await ack();
      await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
    });
    app.view("request_access", async ({ ack, view }) => {
      const reason = view.state.values.reason?.reason_input?.value ?? "";
      if (reason.trim().length < 10) {
        await ack({ response_action: "errors", errors: { reason: "Say why in at least 10 characters." } });
        return;
      }
      await ack();
    });
    app.options("entitlement_search", async ({ options, ack }) => {
      const q = options.value.toLowerCase();
      await ack({
        options: catalog
          .filter((name) => name.toLowerCase().includes(q))
          .map((name) => ({ text: { type: "plain_text", text: name }, value: name.toLowerCase().replace(/\s+/g, "-") })),
      });
    });
    app.event("app_home_opened", async ({ event }) => {
      homeOpens.push(event.user);
    });

    server = Fastify();
    await server.register(built.receiver.plugin);
    const origin = await server.listen({ host: "127.0.0.1", port: 0 });
    sender = new SlackRequestSender({ url: `${origin}/slack/events`, signingSecret, slack, now: () => clock.now() });
  });

  afterAll(async () => {
    await server?.close();
    await slack?.close();
  });

  it("answers Slack's url_verification challenge", async () => {
    const reply = await sender.urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("acks a signed slash command and the listener's chat.postMessage lands in the fake Slack", async () => {
    const reply = await sender.slashCommand({ userId: bob.id, text: "status" });

    expect(reply.status).toBe(200);
    expect(reply.text).toBe("Looking up your requests…");
    const call = await slack.waitFor((c) => c.method === "chat.postMessage");
    expect(call.status).toBe(200);
    expect(slack.messages(slack.dmChannelFor(bob.id)).map((m) => m.text)).toEqual([`You have no open requests, <@${bob.id}>.`]);
  });

  it.each([
    ["signed with another secret", { secret: "not-the-signing-secret" }, "signature_mismatch"],
    ["altered after signing", { tamper: (raw: string) => raw.replace("status", "approve+all") }, "signature_mismatch"],
    ["six minutes old", { timestamp: new Date(clock.now().getTime() - 6 * 60_000) }, "stale_timestamp"],
    ["six minutes in the future", { timestamp: new Date(clock.now().getTime() + 6 * 60_000) }, "future_timestamp"],
  ])("rejects a slash command %s with 401 and runs no listener", async (_name, variant, reason) => {
    const before = dispatched.length;
    const postsBefore = slack.callsTo("chat.postMessage").length;

    const reply = await sender.slashCommand({ userId: bob.id, text: "status" }, variant);

    expect(reply.status).toBe(401);
    expect(reply.json()).toEqual({ code: ErrorCodes.UNAUTHENTICATED, reason });
    expect(dispatched.length).toBe(before);
    expect(slack.callsTo("chat.postMessage").length).toBe(postsBefore);
  });

  it("rejects an unsigned request", async () => {
    const res = await fetch(sender.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: ErrorCodes.UNAUTHENTICATED, reason: "missing_signature" });
  });

  it("acks a button click on a posted message and respond() replaces that message via its response_url", async () => {
    const channel = "C0APPROVALS";
    const posted = await app.client.chat.postMessage({ channel, text: "Approval needed", blocks: approvalBlocks("req-42") });

    const reply = await sender.blockAction({ userId: alice.id, actionId: "approve", blockId: "decision", value: "req-42", message: { channel, ts: posted.ts! } });

    expect(reply.status).toBe(200);
    expect(reply.text).toBe("");
    const response = await slack.waitFor((c) => c.method === "response_url");
    expect(response.status).toBe(200);
    expect(slack.messages(channel)).toEqual([expect.objectContaining({ ts: posted.ts, text: `Approved by <@${alice.id}>`, edits: 1 })]);
  });

  it("opens a modal with the command's trigger_id and answers its submission with field errors, then accepts a good one", async () => {
    await sender.slashCommand({ userId: bob.id, text: "request" });
    const opened = await slack.waitFor((c) => c.method === "views.open");
    expect(opened.response).toMatchObject({ ok: true, view: { callback_id: "request_access" } });
    const [view] = slack.views(bob.id);

    const tooShort = await sender.viewSubmission({
      userId: bob.id,
      callbackId: "request_access",
      viewId: view!.id,
      values: { reason: { reason_input: { type: "plain_text_input", value: "need it" } } },
    });
    expect(tooShort.status).toBe(200);
    expect(tooShort.json()).toEqual({ response_action: "errors", errors: { reason: "Say why in at least 10 characters." } });

    const good = await sender.viewSubmission({
      userId: bob.id,
      callbackId: "request_access",
      viewId: view!.id,
      values: { reason: { reason_input: { type: "plain_text_input", value: "INC-4711 mailbox audit" } } },
    });
    expect(good.status).toBe(200);
    expect(good.text).toBe("");
  });

  it("answers an external_select options request with the matching options", async () => {
    const reply = await sender.optionsRequest({ userId: bob.id, actionId: "entitlement_search", blockId: "entitlement", value: "glob" });

    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({
      options: [
        { text: { type: "plain_text", text: "Global Reader" }, value: "global-reader" },
        { text: { type: "plain_text", text: "Global Administrator" }, value: "global-administrator" },
      ],
    });
  });

  it("dispatches an event once and ignores Slack's retry of it", async () => {
    const event = { type: "app_home_opened", user: alice.id, channel: slack.dmChannelFor(alice.id), tab: "home", event_ts: "1700000000.000200" };
    const first = await sender.event(event);
    expect(first.status).toBe(200);
    await vi.waitFor(() => expect(homeOpens).toEqual([alice.id]));
    const dispatchedBefore = dispatched.length;

    const retry = await sender.event(event, { eventId: first.eventId, headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });

    expect(retry.status).toBe(200);
    expect(dispatched.length).toBe(dispatchedBefore);
    expect(homeOpens).toEqual([alice.id]);
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: "info", obj: expect.objectContaining({ eventId: first.eventId, retryNum: 1 }) }));
  });

  it("answers 200 empty when no listener acks in time, logs it, and drops the late ack", async () => {
    const reply = await sender.slashCommand({ userId: bob.id, command: "/slow" });

    expect(reply.status).toBe(200);
    expect(reply.text).toBe("");
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: "warn", obj: expect.objectContaining({ command: "/slow", ackTimeoutMs: 1_000 }) }));

    releaseSlowListener();
    await slowListenerAcked;
    expect(logger.entries.filter((e) => e.level === "warn" && e.msg?.includes("already answered"))).toHaveLength(1);
  });

  it("answers 500 and logs when a listener throws before acking", async () => {
    const reply = await sender.slashCommand({ userId: bob.id, command: "/broken" });

    expect(reply.status).toBe(500);
    expect(reply.json()).toEqual({ reason: "listener_failed" });
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: "error", obj: expect.objectContaining({ command: "/broken" }) }));
  });

  it("answers Slack's unsigned ssl_check without dispatching it", async () => {
    const before = dispatched.length;
    const res = await fetch(sender.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "ssl_check=1&token=verification-token",
    });
    expect(res.status).toBe(200);
    expect(dispatched.length).toBe(before);
  });

  it("refuses a signed body it cannot read with 400", async () => {
    const reply = await sender.post("application/x-www-form-urlencoded", "payload=%7Bnot-json");
    expect(reply.status).toBe(400);
    expect(reply.json()).toEqual({ code: ErrorCodes.VALIDATION_FAILED, reason: "malformed_body" });
  });
});

describe("outbound rate limiting against the fake Slack's limits", () => {
  let slack: FakeSlack;
  let app: App;
  const logger = recordingLogger();

  beforeAll(async () => {
    // Shrunk so the test takes under a second: the fake allows 3 at once then one per 20 ms per channel,
    // the client sends at most 2 at once then one per 30 ms.
    slack = await FakeSlack.start({ users: [alice, bob], rateLimits: { postMessagePerChannel: { burst: 3, refillEveryMs: 20 } } });
    ({ app } = await createSlackApp({ botToken: slack.botToken, signingSecret, apiUrl: slack.apiUrl, clock, logger }));
  });

  afterAll(async () => {
    await slack?.close();
  });

  it("keeps a fan-out of 30 messages to one channel under the limit, in order", async () => {
    const client = new RateLimitedSlackClient(app.client, { clock, logger, limits: { postMessagePerChannel: { burst: 2, refillEveryMs: 30 } } });
    const channel = "C0FANOUT";
    try {
      const sent = await Promise.all(Array.from({ length: 30 }, (_, i) => client.postMessage({ channel, text: `approval ${i}` })));

      expect(sent.every((r) => r.ok)).toBe(true);
      const calls = slack.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
      expect(calls).toHaveLength(30);
      expect(calls.every((c) => c.status === 200)).toBe(true);
      expect(slack.messages(channel).map((m) => m.text)).toEqual(Array.from({ length: 30 }, (_, i) => `approval ${i}`));
    } finally {
      await client.stop();
    }
  });

  it("honours Retry-After from a 429, then succeeds", async () => {
    const sleeps: number[] = [];
    const client = new RateLimitedSlackClient(app.client, { clock, logger, sleep: async (ms) => void sleeps.push(ms) });
    const channel = "C0RETRY";
    try {
      const posted = await client.postMessage({ channel, text: "Approval needed", blocks: approvalBlocks("req-7") });
      slack.failNext("chat.update", { status: 429, retryAfterSeconds: 2 });

      const updated = await client.update({ channel, ts: posted.ts!, text: "Approved" });

      expect(updated.ok).toBe(true);
      expect(sleeps).toEqual([2_000]);
      expect(slack.callsTo("chat.update").map((c) => c.status)).toEqual([429, 200]);
      expect(slack.messages(channel)[0]).toMatchObject({ text: "Approved", edits: 1 });
    } finally {
      await client.stop();
    }
  });

  it("gives up with RATE_LIMITED after repeated 429s", async () => {
    const sleeps: number[] = [];
    const client = new RateLimitedSlackClient(app.client, { clock, logger, maxRateLimitRetries: 2, sleep: async (ms) => void sleeps.push(ms) });
    slack.failNext("views.publish", { status: 429, retryAfterSeconds: 1 }, 3);
    try {
      const error = await client
        .viewsPublish({ user_id: alice.id, view: { type: "home", blocks: [] } })
        .then(() => undefined, (e: unknown) => e);

      expect(error).toBeInstanceOf(DeliveryError);
      expect(error).toMatchObject({ code: ErrorCodes.RATE_LIMITED, permanent: false });
      expect(sleeps).toEqual([1_000, 1_000]);
    } finally {
      await client.stop();
    }
  });

  it("reports a refused payload as a permanent VALIDATION_FAILED delivery error", async () => {
    const client = new RateLimitedSlackClient(app.client, { clock, logger });
    try {
      const error = await client
        .postMessage({ channel: "C0BAD", text: "x", blocks: [{ type: "sectoin", text: { type: "mrkdwn", text: "typo" } }] as never })
        .then(() => undefined, (e: unknown) => e);

      expect(error).toMatchObject({ code: ErrorCodes.VALIDATION_FAILED, permanent: true, details: { slackError: "invalid_blocks" } });
    } finally {
      await client.stop();
    }
  });
});

describe("createSlackApp", () => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await FakeSlack.start();
  });

  afterAll(async () => {
    await slack?.close();
  });

  it("fails at startup with UNAUTHENTICATED when Slack rejects the bot token", async () => {
    const error = await createSlackApp({ botToken: "xoxb-wrong", signingSecret, apiUrl: slack.apiUrl, clock, logger: recordingLogger() }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(PimError);
    expect(error).toMatchObject({ code: ErrorCodes.UNAUTHENTICATED, details: { slackError: "invalid_auth" } });
  });

  it("uses Socket Mode instead of the HTTP receiver when an app token is set", async () => {
    const built = await createSlackApp({ botToken: slack.botToken, signingSecret, apiUrl: slack.apiUrl, appToken: "xapp-1-A0-test", clock, logger: recordingLogger() });

    expect(built.mode).toBe("socket");
  });
});
