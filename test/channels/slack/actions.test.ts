import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REFUSED_PREFIX } from "../../../src/channels/slack/render/reply-message.js";
import { ErrorCodes } from "../../../src/core/errors.js";
import { EMERGENCY_ENTITLEMENT, PERSONAS } from "../../acceptance/personas.js";
import { SECURITY_CHANNEL } from "../../acceptance/slack-driver.js";
import { buttonsOf, visibleText, type SlackCall } from "../../fakes/slack/index.js";
import { calls, startSlackWorld, type SlackWorld } from "./support/slack-world.js";

function said(call: SlackCall): string {
  return visibleText(call.args.blocks, String(call.args.text ?? ""));
}

describe("Slack buttons", () => {
  let s: SlackWorld;
  beforeEach(async () => {
    s = await startSlackWorld();
  });
  afterEach(async () => {
    await s?.close();
  });

  /** Presses a button of `copy` as `who` with a chosen action id / value, and returns the bot's answer. */
  async function click(who: "manager" | "owner" | "bystander" | "requester" | "securityOwner", at: { channel: string; ts: string }, actionId: string, value: string | undefined) {
    const before = calls(s.slack);
    const res = await s.sender.blockAction({ userId: s.user(who), actionId, value, message: at });
    expect(res.status).toBe(200);
    return s.answer(before, res);
  }

  it("answers a button it does not know with a clear message and changes nothing", async () => {
    const subject = await s.request();
    const copy = s.copy(s.dm("manager"), subject)!;
    const before = await s.snapshot();
    for (const actionId of ["pim.act.frobnicate", "approve_request_v1", "pim.details.extra"]) {
      const answer = await click("manager", copy, actionId, s.button(copy, "Approve").value);
      expect(said(answer)).toContain("I don't know that button");
      expect(said(answer)).toContain(REFUSED_PREFIX);
    }
    expect(await s.snapshot()).toBe(before);
  });

  it("refuses a malformed or tampered payload and changes nothing", async () => {
    const subject = await s.request();
    const copy = s.copy(s.dm("manager"), subject)!;
    const approve = JSON.parse(s.button(copy, "Approve").value!) as Record<string, unknown>;
    const before = await s.snapshot();
    const auditBefore = s.audit().length;
    const tampered = [
      "{not json",
      "",
      JSON.stringify({ ...approve, admin: true }),
      JSON.stringify({ ...approve, requestId: "../../etc" }),
      JSON.stringify({ ...approve, verb: "deny" }), // the action id says approve
      "x".repeat(2001),
    ];
    for (const value of tampered) {
      const answer = await click("manager", copy, "pim.act.approve", value);
      expect(said(answer)).toContain("not valid");
    }
    expect(await s.snapshot()).toBe(before);
    expect(s.audit().length).toBe(auditBefore);
  });

  it("refuses a bystander's replay of the owner's Approve, audits it and leaves every copy as it was", async () => {
    const subject = await s.request();
    const ownerCopy = s.copy(s.dm("owner"), subject)!;
    const blocksBefore = JSON.stringify(ownerCopy.blocks);
    const before = await s.snapshot();
    const answer = await click("bystander", ownerCopy, "pim.act.approve", s.button(ownerCopy, "Approve").value);
    expect(said(answer)).toContain(REFUSED_PREFIX);
    expect(said(answer)).toMatch(/not an approver/i);
    // Ephemeral, to the bystander only: the response_url Slack bound to them.
    expect(answer.args.response_type).toBe("ephemeral");
    expect(s.slack.ephemerals().at(-1)?.user).toBe(s.user("bystander"));
    expect(await s.snapshot()).toBe(before);
    expect(JSON.stringify(s.copy(s.dm("owner"), subject)!.blocks)).toBe(blocksBefore);
    const refusal = s.audit().find((r) => r.action === "ApprovalRefused" && r.actor === PERSONAS.bystander.humanId);
    expect(refusal?.details?.code).toBe(ErrorCodes.NOT_AN_APPROVER);
  });

  it("refuses a bystander's forged Deny as not an approver (no reason asked first) and audits it", async () => {
    const subject = await s.request();
    const managerCopy = s.copy(s.dm("manager"), subject)!;
    const answer = await click("bystander", managerCopy, "pim.ask.deny", s.button(managerCopy, "Deny").value);
    expect(answer.method).toBe("response_url");
    expect(said(answer)).toMatch(/not an approver/i);
    expect((await s.w.latestRequest("requester")).state).toBe("pending");
    expect(s.audit().some((r) => r.action === "ApprovalRefused" && r.actor === PERSONAS.bystander.humanId)).toBe(true);
  });

  it("refuses a replayed click whose version is stale, shows the current state and audits it", async () => {
    const subject = await s.request();
    const copy = s.copy(s.dm("manager"), subject)!;
    const oldApprove = s.button(copy, "Approve").value;
    // Eight hours on, the reminder changes the request's version and refreshes the cards.
    await s.w.advance(8 * 60 + 1);
    const refreshed = s.copy(s.dm("manager"), subject)!;
    expect(s.button(refreshed, "Approve").value).not.toBe(oldApprove);
    const answer = await click("manager", refreshed, "pim.act.approve", oldApprove);
    expect(said(answer)).toContain(REFUSED_PREFIX);
    expect(said(answer)).toMatch(/out of date/i);
    // The current state comes along with fresh buttons.
    expect(buttonsOf(answer.args.blocks).map((b) => b.label)).toContain("Approve");
    expect((await s.w.latestRequest("requester")).state).toBe("pending");
    expect(s.audit().some((r) => r.action === "ApprovalRefused" && r.details?.code === ErrorCodes.STALE_VERSION)).toBe(true);
  });

  it("Deny asks for the reason in a modal, then denies and updates every copy", async () => {
    const subject = await s.request();
    const outcome = await s.w.driver.press("manager", subject, "Deny", { reason: "Use the Friday change window" });
    expect(outcome).toEqual({ refused: false, text: expect.stringMatching(/Denied/) });
    await s.w.settle();
    for (const who of ["manager", "owner", "deputy", "requester"] as const) {
      const copy = await s.w.driver.copyOf(who, subject);
      expect(copy?.text).toContain(`Denied by ${PERSONAS.manager.name}`);
      expect(copy?.text).toContain("Use the Friday change window");
      expect(copy?.actions).not.toContain("Approve");
    }
  });

  it("keeps the Deny modal open with the error under the field when the reason is too short", async () => {
    const subject = await s.request();
    const copy = s.copy(s.dm("manager"), subject)!;
    const before = calls(s.slack);
    const res = await s.sender.blockAction({ userId: s.user("manager"), actionId: "pim.ask.deny", value: s.button(copy, "Deny").value, message: copy });
    const opened = await s.answer(before, res);
    expect(opened.method).toBe("views.open");
    const view = opened.response.view as { id: string; callback_id: string };
    const submitted = await s.sender.viewSubmission({
      userId: s.user("manager"),
      callbackId: view.callback_id,
      viewId: view.id,
      values: { reason: { reason: { type: "plain_text_input", value: "no" } } },
    });
    expect(submitted.json()).toEqual({ response_action: "errors", errors: { reason: expect.stringMatching(/at least 5 characters/) } });
    expect((await s.w.latestRequest("requester")).state).toBe("pending");
  });

  it("Show details gives the approver the full justification, and a bystander nothing", async () => {
    const long = `Reconcile ledgers: ${"step & check; ".repeat(140)}`.slice(0, 2000);
    const subject = await s.request(long);
    const copy = s.copy(s.dm("manager"), subject)!;
    expect(visibleText(copy.blocks)).not.toContain(long);
    const details = s.button(copy, "Show details");
    const shown = await click("manager", copy, details.actionId, details.value);
    expect(shown.args.response_type).toBe("ephemeral");
    expect(visibleText(shown.args.blocks).replace(/\n/g, "")).toContain(long.trim());
    const refused = await click("bystander", copy, details.actionId, details.value);
    expect(said(refused)).toContain(REFUSED_PREFIX);
    expect(said(refused)).not.toContain("Reconcile ledgers");
  });

  it("refuses Acknowledge from someone who is not a security owner, and accepts it from one", async () => {
    await s.w.driver.say("oncall", `emergency "${EMERGENCY_ENTITLEMENT}" INC-40123 90m mail flow is down for all users`);
    await s.w.settle();
    const subject = { requestId: (await s.w.latestRequest("oncall")).id };
    const alert = s.copy(SECURITY_CHANNEL, subject)!;
    const ack = s.button(alert, "Acknowledge");
    const refused = await click("bystander", alert, ack.actionId, ack.value);
    expect(said(refused)).toMatch(/Only a security owner/);
    expect(visibleText(s.copy(SECURITY_CHANNEL, subject)!.blocks)).not.toContain("Acknowledged by");
    const done = await click("securityOwner", alert, ack.actionId, ack.value);
    expect(said(done)).not.toContain(REFUSED_PREFIX);
    // Updated at once, without waiting for the outbox.
    expect(visibleText(s.copy(SECURITY_CHANNEL, subject)!.blocks)).toContain(`Acknowledged by ${PERSONAS.securityOwner.name}`);
  });
});
