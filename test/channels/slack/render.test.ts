import { beforeAll, describe, expect, it } from "vitest";
import { ChatFlows } from "../../../src/channels/shared/chat-flows.js";
import type { OverviewView } from "../../../src/channels/shared/overview.js";
import type { ChatReply } from "../../../src/channels/shared/replies.js";
import { decodeAction } from "../../../src/channels/slack/payloads/action-value.js";
import { actionInputModal } from "../../../src/channels/slack/render/action-input-modal.js";
import { catalogOptions } from "../../../src/channels/slack/render/catalog-options.js";
import { detailsBlocks } from "../../../src/channels/slack/render/details-blocks.js";
import { formModal } from "../../../src/channels/slack/render/form-modal.js";
import { homeView } from "../../../src/channels/slack/render/home-view.js";
import { listBlocks } from "../../../src/channels/slack/render/list-blocks.js";
import { noticeModal } from "../../../src/channels/slack/render/notice-modal.js";
import { replyMessage } from "../../../src/channels/slack/render/reply-message.js";
import { requestBlocks } from "../../../src/channels/slack/render/request-blocks.js";
import { reviewBlocks } from "../../../src/channels/slack/render/review-blocks.js";
import type { Human } from "../../../src/core/domain/identity.js";
import { put } from "../../../src/core/ports/store.js";
import type { ListView, RequestView, ReviewView } from "../../../src/core/views/types.js";
import { buttonsOf, visibleText } from "../../fakes/slack/index.js";
import { coreHarness, type CoreHarness } from "../../support/core-harness.js";
import { expectValidMessage, expectValidView } from "./support/block-kit-assert.js";

const ENTITLEMENT = "AZZ-RBAC-PAY-NONPROD-Contributor";
/** 2,000 characters with every character Slack treats specially, and a mention that must not ping. */
const LONG_JUSTIFICATION = `<!channel> Q&A for <@U0BOSS> & the auditors: ${"rollout step & check <ok> ".repeat(80)}`.slice(0, 2000);

function asMessage(reply: ChatReply) {
  const message = replyMessage(reply);
  expectValidMessage(message);
  return message;
}

function requestOf(reply: ChatReply): RequestView {
  if (reply.type !== "request") throw new Error(`expected a request reply, got ${reply.type}: ${JSON.stringify(reply)}`);
  return reply.view;
}

/** A list as long as `n`, from a real list's first item (distinct ids, as a big organisation would have). */
function longList(base: ListView, n: number): ListView {
  const item = base.items[0]!;
  const items = Array.from({ length: n }, (_, i) => ({ ...item, id: `${item.id}x${i}`, title: `${item.title} #${i}` }));
  return { ...base, items, total: n };
}

describe("Block Kit rendering of real views", () => {
  let h: CoreHarness;
  let flows: ChatFlows;
  let jane: Human;
  let marcus: Human;
  let ken: Human;
  let amelia: Human;
  let pending: RequestView;
  let emergency: RequestView;
  let review: ReviewView;

  beforeAll(async () => {
    h = await coreHarness();
    flows = new ChatFlows(h.deps);
    const person = async (id: string) => (await h.store.get("humans", id))!;
    [jane, marcus, ken, amelia] = await Promise.all(["hum_12345", "hum_10004", "hum_12348", "hum_10001"].map(person)) as [Human, Human, Human, Human];
    pending = requestOf(await flows.submitRequestForm(jane, { entitlement: ENTITLEMENT, duration: "2h", justification: LONG_JUSTIFICATION }, "slack"));
    emergency = requestOf(await flows.command(ken, 'emergency "Exchange Administrator" INC-40123 90m mail flow is down for all users', "slack"));
    const [item] = await h.store.find("reviews", { requestId: emergency.requestId });
    review = await flows.reviewView(item!.id, item!.reviewerHumanId);
  });

  it("renders a pending request for its approver with Approve / Deny carrying the strict action payload", async () => {
    const view = await flows.requestView(pending.requestId, marcus.id);
    const message = asMessage({ type: "request", view, note: "Jane Smith asks for access: needs your approval" });
    const buttons = buttonsOf(message.blocks);
    expect(buttons.map((b) => b.label)).toEqual(expect.arrayContaining(["Approve", "Deny", "Show details"]));
    const approve = buttons.find((b) => b.label === "Approve")!;
    expect(approve.actionId).toBe("pim.act.approve");
    expect(decodeAction(approve.value)).toEqual({ verb: "approve", requestId: pending.requestId, version: view.version });
    expect(buttons.find((b) => b.label === "Deny")!.actionId).toBe("pim.ask.deny");
  });

  it("shortens a 2,000-character justification with … and Show details, and escapes what would ping people", () => {
    const blocks = requestBlocks(pending);
    expectValidMessage({ text: pending.title, blocks });
    const text = visibleText(blocks);
    expect(text).toContain("…");
    expect(text).not.toContain(LONG_JUSTIFICATION);
    expect(JSON.stringify(blocks)).not.toContain("<!channel>");
    expect(JSON.stringify(blocks)).toContain("&lt;!channel&gt;");
    expect(buttonsOf(blocks).find((b) => b.label === "Show details")?.actionId).toBe("pim.details");
  });

  it("shows the full justification in the details, split to fit, in a message and in a modal", () => {
    const message = { text: pending.title, blocks: detailsBlocks(pending, 50) };
    expectValidMessage(message);
    expect(visibleText(message.blocks).replace(/\n/g, "")).toContain(LONG_JUSTIFICATION.replace(/\s+/g, " ").trim().slice(0, 1500));
    expectValidView(noticeModal("Details of a request with a long title", detailsBlocks(pending, 100)), "modal");
  });

  it("renders every reply type the flows produce", async () => {
    const replies: ChatReply[] = [
      flows.help(),
      flows.unknownUser(),
      await flows.command(jane, "what can you do?", "slack"),
      await flows.command(jane, "my requests", "slack"),
      await flows.command(jane, "my access", "slack"),
      await flows.command(marcus, "approvals", "slack"),
      await flows.command(marcus, "reviews", "slack"),
      await flows.command(jane, "request nothing", "slack"),
      await flows.command(ken, "security channel here", "slack"),
      await flows.command(amelia, "security channel here", "slack"),
      await flows.act(h.org.humans.find((x) => x.id === "hum_12347")!, { verb: "approve", requestId: pending.requestId, version: pending.version }),
      await flows.act(marcus, { verb: "approve", requestId: pending.requestId, version: 0 }),
      { type: "form", form: (await flows.command(jane, "request", "slack") as Extract<ChatReply, { type: "form" }>).form },
    ];
    expect(new Set(replies.map((r) => r.type))).toEqual(new Set(["help", "text", "list", "error", "registerSecurityChannel", "form"]));
    for (const reply of replies) asMessage(reply);
  });

  it("renders the security channel's copy of an emergency with Acknowledge", async () => {
    const view = await flows.securityChannelView(emergency.requestId);
    const message = asMessage({ type: "request", view, note: "🚨 Ken Watanabe used emergency access" });
    expect(visibleText(message.blocks)).toContain("INC-40123");
    expect(buttonsOf(message.blocks).map((b) => b.label)).toContain("Acknowledge");
  });

  it("renders a review item for its reviewer with Keep / Remove / Reassign / Comment", () => {
    const blocks = reviewBlocks(review, { headline: "Please review Ken Watanabe's emergency use" });
    expectValidMessage({ text: review.title, blocks });
    expect(buttonsOf(blocks).map((b) => b.label)).toEqual(["Keep", "Remove", "Reassign", "Comment"]);
  });

  it("keeps a list of 60 items within 50 blocks and says how many were left out", async () => {
    const approvals = await flows.command(marcus, "approvals", "slack");
    if (approvals.type !== "list") throw new Error("expected a list");
    const list = longList(approvals.view, 60);
    const blocks = listBlocks(list);
    expectValidMessage({ text: list.title, blocks });
    expect(blocks.length).toBeLessThanOrEqual(50);
    const shown = buttonsOf(blocks).length;
    expect(visibleText(blocks)).toContain(`and ${60 - shown} more`);
  });

  it("keeps App Home within 100 blocks with 60 approvals, 60 reviews and 60 held grants", async () => {
    const base = await flows.overview(marcus);
    const approvals = Array.from({ length: 60 }, (_, i) => ({ ...pending, requestId: `req_home${i}`, actions: [...pending.actions] })).map((v) => ({ ...v, viewer: { humanId: marcus.id, role: "approver" as const }, actions: [{ id: "approve" as const, label: "Approve", style: "positive" as const }, { id: "deny" as const, label: "Deny", style: "destructive" as const, needsText: { label: "Reason", required: true, minLength: 5 } }] }));
    const reviews = Array.from({ length: 60 }, (_, i) => ({ ...review, reviewItemId: `rv_home${i}` }));
    const myRequests = await flows.command(jane, "my requests", "slack");
    if (myRequests.type !== "list") throw new Error("expected a list");
    const overview: OverviewView = { ...base, approvals: { views: approvals, total: 60 }, reviews: { views: reviews, total: 60 }, myAccess: longList(myRequests.view, 60), myRequests: longList(myRequests.view, 60) };
    const home = homeView(overview, "Hi Marcus.");
    expectValidView(home, "home");
    const text = visibleText(home.blocks);
    expect(text).toContain("Waiting for my approval");
    expect(text).toContain("My review items");
    expect(text).toMatch(/and \d+ more/);
    expect(buttonsOf(home.blocks).some((b) => b.label === "Approve")).toBe(true);
  });

  it("renders the request and emergency forms as modals, also when they come back with field errors", async () => {
    const request = await flows.command(jane, "request", "slack");
    const emergencyForm = await flows.command(ken, "emergency", "slack");
    const withErrors = await flows.submitRequestForm(jane, { entitlement: ENTITLEMENT, duration: "20d", justification: "short" }, "slack");
    for (const reply of [request, emergencyForm, withErrors]) {
      if (reply.type !== "form") throw new Error(`expected a form, got ${reply.type}`);
      const modal = formModal(reply.form, { typeahead: reply.form.formId === "request" });
      expectValidView(modal, "modal");
    }
    const modal = formModal((request as Extract<ChatReply, { type: "form" }>).form, { typeahead: true });
    const entitlement = modal.blocks.find((b) => b.block_id === "entitlement") as { element: { type: string } };
    expect(entitlement.element.type).toBe("external_select");
  });

  it("renders the input modals of Deny (reason), Reassign (choice) and Extend (choice)", async () => {
    const approverView = await flows.requestView(pending.requestId, marcus.id);
    const deny = approverView.actions.find((a) => a.id === "deny")!;
    const reassign = review.actions.find((a) => a.id === "reassign")!;
    const extend = { id: "extend" as const, label: "Extend", style: "default" as const, choices: { label: "Extend by", options: [30, 60, 120, 240].map((m) => ({ value: String(m), label: `${m} min` })) } };
    for (const action of [deny, reassign, extend]) {
      expectValidView(actionInputModal(`${pending.title} ${"with a very long subject ".repeat(200)}`, action, JSON.stringify({ action: { verb: action.id }, origin: { kind: "home" } })), "modal");
    }
  });

  it("answers the typeahead with what can be requested and, apart, what cannot and why, within option limits", async () => {
    const found = await flows.search(h.org.humans.find((x) => x.id === "hum_12346")!, "", 100);
    expect(found.some((o) => !o.requestable)).toBe(true);
    const answer = catalogOptions(found);
    if (!("option_groups" in answer)) throw new Error("expected option groups");
    expect(answer.option_groups.map((g) => g.label.text)).toEqual(["You can request", "Not available to you"]);
    const unavailable = answer.option_groups[1]!.options;
    expect(unavailable.every((o) => o.text.text.startsWith("🚫"))).toBe(true);
    // Slack validates options only inside an element: put them in a static select to check them.
    const options = answer.option_groups.flatMap((g) => g.options).slice(0, 100);
    expectValidView(noticeModal("Options", [{ type: "input", block_id: "e", label: { type: "plain_text", text: "E" }, element: { type: "static_select", action_id: "e", options } }]), "modal");
  });

  it("writes nothing but what it is given: rendering the same view twice gives the same blocks", async () => {
    const view = await flows.requestView(pending.requestId, jane.id);
    expect(JSON.stringify(requestBlocks(view))).toBe(JSON.stringify(requestBlocks(view)));
  });

  it("renders an active grant with Extend / Release for its holder", async () => {
    const stored = (await h.store.get("requests", pending.requestId))!;
    const start = h.clock.now();
    const end = new Date(start.getTime() + 2 * 3_600_000);
    await h.store.commit([put("requests", { ...stored, state: "active", startAt: start.toISOString(), endAt: end.toISOString() })]);
    const view = await flows.requestView(pending.requestId, jane.id);
    const message = asMessage({ type: "request", view, note: "Your access is active" });
    expect(buttonsOf(message.blocks).map((b) => b.label)).toEqual(expect.arrayContaining(["Extend", "Release now"]));
    // Release acts at once, so Slack asks first; Extend asks for the length in a modal instead.
    const buttons = (message.blocks.find((b) => b.type === "actions") as { elements: { action_id: string; confirm?: unknown }[] }).elements;
    expect(buttons.find((b) => b.action_id === "pim.act.release")?.confirm).toBeDefined();
    expect(buttons.find((b) => b.action_id === "pim.ask.extend")?.confirm).toBeUndefined();
    const access = await flows.command(jane, "my access", "slack");
    expect(buttonsOf(asMessage(access).blocks).map((b) => b.label)).toEqual(expect.arrayContaining(["Extend", "Release now"]));
  });
});
