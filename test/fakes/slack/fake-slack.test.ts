import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BLOCK_LIMITS, checkMessageBlocks, checkView, FakeSlack } from "./index.js";

const alice = { id: "U0ALICE001", email: "Alice@Contoso.example", realName: "Alice Approver" };

const button = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "button",
  action_id: "approve",
  text: { type: "plain_text", text },
  value: "r1",
  ...extra,
});

describe("Block Kit checks", () => {
  it("accepts a valid approval message", () => {
    const blocks = [
      { type: "section", text: { type: "mrkdwn", text: "*Global Reader* for 4h" }, accessory: button("Approve") },
      { type: "actions", elements: [button("Approve"), { ...button("Deny"), action_id: "deny" }] },
    ];
    expect(checkMessageBlocks(blocks)).toEqual({ ok: true });
  });

  it("reports schema errors with their path", () => {
    const check = checkMessageBlocks([{ type: "sectoin", text: { type: "mrkdwn", text: "x" } }]);
    expect(check).toEqual({ ok: false, reasons: ['/blocks/0 unknown type "sectoin"'] });
  });

  it("enforces the limits the schema cannot express", () => {
    const tooMany = Array.from({ length: BLOCK_LIMITS.messageBlocks + 1 }, () => ({ type: "divider" }));
    expect(checkMessageBlocks(tooMany)).toMatchObject({ ok: false, reasons: ["/blocks has 51 blocks, limit 50 per message"] });

    const long = checkMessageBlocks([
      { type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } },
      { type: "actions", elements: [button("y".repeat(76), { value: "v".repeat(2001), action_id: "a".repeat(256) })] },
    ]);
    expect(long).toEqual({
      ok: false,
      reasons: [
        "/blocks/0/text/text is 3001 characters, limit 3000",
        "/blocks/1/elements/0/action_id is 256 characters, limit 255",
        "/blocks/1/elements/0/text/text is 76 characters, limit 75",
        "/blocks/1/elements/0/value is 2001 characters, limit 2000",
      ],
    });
  });

  it("rejects duplicate action_ids in one block and duplicate block_ids in one message", () => {
    const check = checkMessageBlocks([
      { type: "actions", block_id: "b", elements: [button("Approve"), button("Again")] },
      { type: "divider", block_id: "b" },
    ]);
    expect(check).toEqual({
      ok: false,
      reasons: ['/blocks/0/elements/1/action_id "approve" is used twice in one block', '/blocks/1/block_id "b" is used twice'],
    });
  });

  it("checks modal titles and view block counts", () => {
    const modal = { type: "modal", title: { type: "plain_text", text: "A title that is far too long" }, blocks: [] };
    expect(checkView(modal)).toEqual({ ok: false, reasons: ["/view/title/text is 28 characters, limit 24"] });
    const home = { type: "home", blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) };
    expect(checkView(home, "home")).toEqual({ ok: false, reasons: ["/view/blocks has 101 blocks, limit 100 per view"] });
    expect(checkView(home, "modal")).toEqual({ ok: false, reasons: ['/view/type must be "modal"'] });
  });
});

describe("fake Slack Web API", () => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await FakeSlack.start({ users: [alice] });
  });

  afterAll(async () => {
    await slack?.close();
  });

  async function call(method: string, body: Record<string, unknown>, { token = slack.botToken, json = true } = {}) {
    const res = await fetch(`${slack.apiUrl}${method}`, {
      method: "POST",
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        "content-type": json ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded",
      },
      body: json
        ? JSON.stringify(body)
        : new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, typeof v === "string" ? v : JSON.stringify(v)])).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it("checks the bearer token", async () => {
    expect((await call("auth.test", {}, { token: "" })).body).toEqual({ ok: false, error: "not_authed" });
    expect((await call("auth.test", {}, { token: "xoxb-other" })).body).toEqual({ ok: false, error: "invalid_auth" });
    expect((await call("auth.test", {})).body).toMatchObject({ ok: true, user_id: slack.bot.userId, bot_id: slack.bot.botId });
  });

  it("serves the user directory it was given", async () => {
    expect((await call("users.info", { user: alice.id })).body).toMatchObject({
      ok: true,
      user: { id: alice.id, real_name: "Alice Approver", profile: { email: alice.email } },
    });
    expect((await call("users.info", { user: "U0NOBODY01" })).body).toEqual({ ok: false, error: "user_not_found" });
    expect((await call("users.lookupByEmail", { email: "alice@contoso.EXAMPLE" }, { json: false })).body).toMatchObject({ user: { id: alice.id } });
    expect((await call("users.lookupByEmail", { email: "nobody@contoso.example" })).body).toEqual({ ok: false, error: "users_not_found" });
  });

  it("opens a DM per user and posts to it by user id or DM id", async () => {
    const opened = await call("conversations.open", { users: alice.id });
    expect(opened.body).toEqual({ ok: true, channel: { id: slack.dmChannelFor(alice.id) } });
    const byUser = await call("chat.postMessage", { channel: alice.id, text: "hello" }, { json: false });
    expect(byUser.body).toMatchObject({ ok: true, channel: slack.dmChannelFor(alice.id), message: { text: "hello" } });
    expect(slack.messages(slack.dmChannelFor(alice.id)).map((m) => m.text)).toEqual(["hello"]);
  });

  it("answers invalid_blocks with the reason, for form and JSON bodies", async () => {
    const bad = [{ type: "section", text: { type: "mrkdwn", text: "x" }, accessory: button("z".repeat(80)) }];
    for (const json of [true, false]) {
      const res = await call("chat.postMessage", { channel: "C0CHECKS", text: "x", blocks: bad }, { json });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: false, error: "invalid_blocks", errors: ["/blocks/0/accessory/text/text is 80 characters, limit 75"] });
    }
    expect(slack.messages("C0CHECKS")).toEqual([]);
  });

  it("accepts a trigger_id once, as Slack does", async () => {
    const trigger = slack.issueTriggerId(alice.id);
    const view = { type: "modal", title: { type: "plain_text", text: "Request" }, blocks: [] };
    expect((await call("views.open", { trigger_id: trigger, view })).body).toMatchObject({ ok: true, view: { type: "modal" } });
    expect((await call("views.open", { trigger_id: trigger, view })).body).toEqual({ ok: false, error: "exchanged_trigger_id" });
    expect((await call("views.open", { trigger_id: "123.456.abc", view })).body).toEqual({ ok: false, error: "invalid_trigger_id" });
  });

  it("updates a message and refuses an unknown one", async () => {
    const posted = await call("chat.postMessage", { channel: "C0UPDATES", text: "pending" });
    const ts = posted.body.ts as string;
    expect((await call("chat.update", { channel: "C0UPDATES", ts, text: "approved" })).body).toMatchObject({ ok: true, ts });
    expect(slack.messages("C0UPDATES")).toEqual([expect.objectContaining({ text: "approved", edits: 1 })]);
    expect((await call("chat.update", { channel: "C0UPDATES", ts: "1.000000", text: "x" })).body).toEqual({ ok: false, error: "message_not_found" });
  });

  it("lets a response_url delete the message it belongs to", async () => {
    const posted = await call("chat.postMessage", { channel: "C0RESPOND", text: "card" });
    const url = slack.responseUrl({ channel: "C0RESPOND", userId: alice.id, messageTs: posted.body.ts as string });
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ delete_original: true }) });
    expect(res.status).toBe(200);
    expect(slack.messages("C0RESPOND")).toEqual([]);
  });

  it("answers 429 with Retry-After when told to", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 3 });
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${slack.botToken}`, "content-type": "application/json" },
      body: JSON.stringify({ channel: "C0LIMIT", text: "x" }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toEqual({ ok: false, error: "ratelimited" });
  });

  it("limits chat.postMessage per channel: a burst, then 429 with Retry-After until a token refills", async () => {
    // Frozen time makes the bucket deterministic: exactly `burst` posts pass.
    const frozen = await FakeSlack.start({ now: () => 1_700_000_000_000, rateLimits: { postMessagePerChannel: { burst: 3, refillEveryMs: 1_500 } } });
    try {
      const post = (channel: string) =>
        fetch(`${frozen.apiUrl}chat.postMessage`, {
          method: "POST",
          headers: { authorization: `Bearer ${frozen.botToken}`, "content-type": "application/json" },
          body: JSON.stringify({ channel, text: "x" }),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post("C0FLOOD")).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect((await post("C0FLOOD")).headers.get("retry-after")).toBe("2");
      expect((await post("C0OTHER")).status).toBe(200);
    } finally {
      await frozen.close();
    }
  });
});
