import { afterEach, describe, expect, it } from "vitest";
import { EMERGENCY_ENTITLEMENT, SCENARIO_ENTITLEMENT } from "../../acceptance/personas.js";
import { SECURITY_CHANNEL } from "../../acceptance/slack-driver.js";
import { visibleText } from "../../fakes/slack/index.js";
import { calls, JUSTIFICATION, startSlackWorld, type SlackWorld } from "./support/slack-world.js";

const STRANGER = { id: "U0STRANGER", email: "stranger@elsewhere.example", realName: "Stranger" };
/** A deactivated Slack account with the email of a person the access system knows. */
const LEAVER = { id: "U0JANEOLD1", email: "j.smith@contoso.com", realName: "Jane Smith (old account)", deleted: true };

describe("/pim", () => {
  let s: SlackWorld;
  afterEach(async () => {
    await s?.close();
  });

  async function pim(userId: string, text: string, channelId?: string) {
    const before = calls(s.slack);
    const res = await s.sender.slashCommand({ userId, text, channelId });
    // Acknowledged at once with an empty body; the answer follows through the response_url.
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const answer = await s.answer(before, res);
    return { call: answer, text: visibleText(answer.args.blocks, String(answer.args.text ?? "")) };
  }

  it("answers free text and help with the command list, ephemerally", async () => {
    s = await startSlackWorld();
    for (const text of ["what can you do?", "help", ""]) {
      const { call, text: said } = await pim(s.user("bystander"), text);
      expect(call.args.response_type).toBe("ephemeral");
      expect(said).toContain("/pim request");
      expect(said).toContain("/pim approvals");
    }
  });

  it("tells a Slack user it cannot map, clearly, and does nothing for them", async () => {
    s = await startSlackWorld({ extraUsers: [STRANGER, LEAVER] });
    for (const userId of [STRANGER.id, LEAVER.id]) {
      const { text } = await pim(userId, "my access");
      expect(text).toMatch(/don't know who you are/i);
    }
    const before = calls(s.slack);
    const res = await s.sender.blockAction({ userId: STRANGER.id, actionId: "pim.act.approve", value: "{}", message: { channel: SECURITY_CHANNEL, ts: "1.000001" } });
    expect(visibleText((await s.answer(before, res)).args.blocks)).toMatch(/don't know who you are/i);
  });

  it("maps a Slack user through users.info once and keeps it for ten minutes", async () => {
    s = await startSlackWorld();
    const lookups = () => s.slack.callsTo("users.info").filter((c) => c.args.user === s.user("requester")).length;
    await pim(s.user("requester"), "my access");
    await pim(s.user("requester"), "my requests");
    expect(lookups()).toBe(1);
    s.w.clock.advanceMinutes(11);
    await pim(s.user("requester"), "my requests");
    expect(lookups()).toBe(2);
  });

  it("takes a one-line request and answers with the request", async () => {
    s = await startSlackWorld();
    const { text } = await pim(s.user("requester"), `request "${SCENARIO_ENTITLEMENT}" 2h ${JUSTIFICATION}`);
    expect(text).toContain("Request sent");
    expect((await s.w.latestRequest("requester")).state).toBe("pending");
  });

  it("explains a one-line request it cannot read, and creates nothing", async () => {
    s = await startSlackWorld();
    const { text } = await pim(s.user("requester"), `request "${SCENARIO_ENTITLEMENT}" whenever`);
    expect(text).toContain("Not done");
    expect(await s.w.app.deps.store.find("requests")).toEqual([]);
  });

  it("takes a one-line emergency and announces it to the security channel", async () => {
    s = await startSlackWorld();
    const { text } = await pim(s.user("oncall"), `emergency "${EMERGENCY_ENTITLEMENT}" INC-40123 90m mail flow is down`);
    expect(text).toMatch(/Emergency access/);
    await s.w.settle();
    const subject = { requestId: (await s.w.latestRequest("oncall")).id };
    expect(visibleText(s.copy(SECURITY_CHANNEL, subject)?.blocks)).toContain("INC-40123");
  });

  it("lists my access, my requests, approvals and reviews", async () => {
    s = await startSlackWorld();
    await s.request();
    expect((await pim(s.user("manager"), "approvals")).text).toContain("Waiting for your approval");
    expect((await pim(s.user("manager"), "approvals")).text).toContain("Jane Smith");
    expect((await pim(s.user("requester"), "my requests")).text).toContain(SCENARIO_ENTITLEMENT);
    expect((await pim(s.user("requester"), "my access")).text).toContain("My access");
    expect((await pim(s.user("manager"), "reviews")).text).toContain("review items");
  });

  it("registers a security channel only from a security owner, and only in a channel", async () => {
    s = await startSlackWorld({ noSecurityChannel: true });
    expect((await pim(s.user("bystander"), "security channel here", "C0ALERTS01")).text).toMatch(/Only a security owner/);
    expect((await pim(s.user("securityOwner"), "security channel here")).text).toMatch(/not in a direct message/);
    expect((await pim(s.user("securityOwner"), "security channel here", "C0ALERTS01")).text).toMatch(/now receives/);
    await pim(s.user("oncall"), `emergency "${EMERGENCY_ENTITLEMENT}" INC-40123 90m mail flow is down`);
    await s.w.settle();
    const subject = { requestId: (await s.w.latestRequest("oncall")).id };
    expect(visibleText(s.copy("C0ALERTS01", subject)?.blocks)).toContain("INC-40123");
  });
});
