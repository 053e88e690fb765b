import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PERSONAS, SCENARIO_ENTITLEMENT } from "../../acceptance/personas.js";
import { buttonsOf, visibleText, type StoredView } from "../../fakes/slack/index.js";
import { calls, startSlackWorld, type SlackWorld } from "./support/slack-world.js";

describe("Slack App Home", () => {
  let s: SlackWorld;
  beforeEach(async () => {
    s = await startSlackWorld();
  });
  afterEach(async () => {
    await s?.close();
  });

  async function openHome(who: "manager" | "requester" | "bystander", tab: "home" | "messages" = "home"): Promise<StoredView | undefined> {
    const before = calls(s.slack);
    const userId = s.user(who);
    const res = await s.sender.event({ type: "app_home_opened", user: userId, channel: s.dm(who), tab, event_ts: "1700000000.000100" });
    expect(res.status).toBe(200);
    if (tab === "home") await s.next(before, (c) => c.method === "views.publish" && c.args.user_id === userId);
    return s.slack.homeView(userId);
  }

  it("shows an approver what waits for them, with Approve / Deny", async () => {
    await s.request();
    const home = (await openHome("manager"))!;
    const text = visibleText(home.view.blocks);
    expect(text).toContain("Waiting for my approval");
    expect(text).toContain(SCENARIO_ENTITLEMENT);
    expect(buttonsOf(home.view.blocks).map((b) => b.label)).toEqual(expect.arrayContaining(["Approve", "Deny"]));
  });

  it("shows the requester their request, and nothing to approve", async () => {
    await s.request();
    const home = (await openHome("requester"))!;
    const text = visibleText(home.view.blocks);
    expect(text).toContain("Nothing is waiting for your approval.");
    expect(text).toContain("My requests");
    expect(buttonsOf(home.view.blocks).map((b) => b.label)).toContain("Cancel");
  });

  it("approves from App Home, republishes it and updates the posted cards", async () => {
    const subject = await s.request();
    const home = (await openHome("manager"))!;
    const approve = buttonsOf(home.view.blocks).find((b) => b.label === "Approve")!;
    const before = calls(s.slack);
    const res = await s.sender.blockAction({ userId: s.user("manager"), actionId: approve.actionId, blockId: approve.blockId, value: approve.value, view: { id: home.id, type: "home" } });
    expect(res.status).toBe(200);
    await s.next(before, (c) => c.method === "views.publish" && c.args.user_id === s.user("manager"));
    expect(visibleText(s.slack.homeView(s.user("manager"))!.view.blocks)).toContain("Nothing is waiting for your approval.");
    expect((await s.w.driver.copyOf("owner", subject))?.text).toContain(`Approved by ${PERSONAS.manager.name}`);
  });

  it("shows a refusal from App Home in a modal, since there is no message to answer under", async () => {
    await s.request();
    const home = (await openHome("manager"))!;
    const approve = buttonsOf(home.view.blocks).find((b) => b.label === "Approve")!;
    const before = calls(s.slack);
    const res = await s.sender.blockAction({ userId: s.user("bystander"), actionId: approve.actionId, value: approve.value, view: { id: "V0BYSTANDER", type: "home" } });
    const answer = await s.answer(before, res);
    expect(answer.method).toBe("views.open");
    expect(visibleText((answer.args.view as { blocks: unknown }).blocks)).toMatch(/not an approver/i);
  });

  it("publishes nothing for the Messages tab", async () => {
    await openHome("requester", "messages");
    // Then the Home tab, whose publish is awaited: it is the only one.
    await openHome("requester", "home");
    expect(s.slack.callsTo("views.publish")).toHaveLength(1);
  });
});
