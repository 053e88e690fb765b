import { afterEach, describe, expect, it } from "vitest";
import type { Notice } from "../../../src/core/ports/notifier.js";
import type { ChannelNotifier } from "../../../src/runtime/fanout-notifier.js";
import { PERSONAS, SCENARIO_ENTITLEMENT } from "../../acceptance/personas.js";
import { visibleText } from "../../fakes/slack/index.js";
import { startSlackWorld, type SlackWorld } from "./support/slack-world.js";

describe("Slack notifier", () => {
  let s: SlackWorld;
  afterEach(async () => {
    await s?.close();
  });

  function notifier(): ChannelNotifier {
    const slack = s.w.app.channels.find((c) => c.name === "slack");
    if (!slack) throw new Error("the Slack module was not built from env");
    return slack.notifier;
  }

  function statusNotice(requestId: string, headline = "Your request is moving"): Notice {
    return { kind: "request_status", to: { type: "human", humanId: PERSONAS.requester.humanId }, requestId, headline };
  }

  it("reports a person without a Slack account as permanently unreachable, and the core asks the security owners instead", async () => {
    s = await startSlackWorld({ withoutSlack: (org) => [`hum_${org.entitlements.find((e) => e.code === SCENARIO_ENTITLEMENT)!.deputyStaffId}`] });
    const subject = await s.request();
    expect(await s.w.driver.copyOf("deputy", subject)).toBeUndefined();
    const report = await notifier().deliver({ ...statusNotice(subject.requestId), to: { type: "human", humanId: PERSONAS.deputy.humanId } });
    expect(report).toMatchObject({ delivered: false, permanent: true });
    expect(s.audit().some((r) => r.action === "NotifyFailed" && r.message.includes(PERSONAS.deputy.humanId))).toBe(true);
    expect((await s.w.driver.copyOf("securityOwner", subject))?.actions).toEqual(expect.arrayContaining(["Approve", "Deny"]));
  });

  it("says whether retrying can help when Slack refuses a message", async () => {
    s = await startSlackWorld();
    const subject = await s.request();
    const cases: [string, boolean][] = [
      ["account_inactive", true],
      ["channel_not_found", true],
      ["is_archived", true],
      ["internal_error", false],
      ["fatal_error", false],
    ];
    for (const [error, permanent] of cases) {
      s.slack.failNext("chat.postMessage", { error });
      const report = await notifier().deliver(statusNotice(subject.requestId, `headline for ${error}`));
      expect(report, error).toMatchObject({ delivered: false, permanent });
      expect(report.reason).toContain(error);
    }
    // A refused post gives its claim back: the same notice goes out on the next attempt.
    const retried = await notifier().deliver(statusNotice(subject.requestId, "headline for internal_error"));
    expect(retried).toEqual({ delivered: true, channels: ["slack"] });
  });

  it("honours a 429's Retry-After and delivers", async () => {
    s = await startSlackWorld();
    const subject = await s.request();
    s.slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 1 });
    const report = await notifier().deliver(statusNotice(subject.requestId, "after a rate limit"));
    expect(report).toEqual({ delivered: true, channels: ["slack"] });
    const posts = s.slack.callsTo("chat.postMessage").filter((c) => c.args.channel === s.dm("requester")).slice(-2);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
  });

  it("posts the same notice once, however often it is delivered", async () => {
    s = await startSlackWorld();
    const subject = await s.request();
    const count = () => s.slack.messages(s.dm("requester")).filter((m) => visibleText(m.blocks).includes("Only once")).length;
    expect(await notifier().deliver(statusNotice(subject.requestId, "Only once"))).toMatchObject({ delivered: true });
    expect(await notifier().deliver(statusNotice(subject.requestId, "Only once"))).toMatchObject({ delivered: true });
    expect(count()).toBe(1);
  });

  it("reports a security notice as undeliverable when no security channel is set", async () => {
    s = await startSlackWorld({ noSecurityChannel: true });
    const subject = await s.request();
    const report = await notifier().deliver({ kind: "security_alert", to: { type: "securityChannel" }, requestId: subject.requestId, headline: "🚨 test" });
    expect(report).toMatchObject({ delivered: false, permanent: true, reason: expect.stringMatching(/SLACK_SECURITY_CHANNEL/) });
  });

  it("refreshes only copies whose content changed", async () => {
    s = await startSlackWorld();
    const subject = await s.request();
    const updates = () => s.slack.callsTo("chat.update").length;
    const before = updates();
    await notifier().refreshRequest(subject.requestId);
    expect(updates()).toBe(before);
    await s.w.driver.press("owner", subject, "Approve");
    const afterApprove = updates();
    expect(afterApprove).toBeGreaterThan(before);
    await notifier().refreshRequest(subject.requestId);
    expect(updates()).toBe(afterApprove);
  });

  it("stops refreshing a copy that was deleted in Slack, and fails the refresh (for the outbox to retry) when Slack is down", async () => {
    s = await startSlackWorld();
    const subject = await s.request();
    const gone = s.copy(s.dm("manager"), subject)!;
    s.slack.workspace.messages.splice(s.slack.workspace.messages.indexOf(gone), 1);
    await s.w.driver.press("owner", subject, "Approve");
    await notifier().refreshRequest(subject.requestId);
    const copies = await s.w.app.deps.store.find("postedMessages", { channel: "slack" });
    expect(copies.some((c) => c.messageId === gone.ts && c.conversationId === gone.channel)).toBe(false);

    // A change every remaining copy has to show, and Slack failing the first update.
    s.slack.failNext("chat.update", { error: "internal_error" });
    const request = await s.w.latestRequest("requester");
    await s.w.app.deps.store.commit([{ type: "put", collection: "requests", doc: { ...request, justification: `${request.justification} (edited)` } }]);
    await expect(notifier().refreshRequest(subject.requestId)).rejects.toMatchObject({ code: "DELIVERY_BLOCKED" });
    await notifier().refreshRequest(subject.requestId);
    expect(visibleText(s.copy(s.dm("owner"), subject)!.blocks)).toContain("(edited)");
  });
});
