import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SCENARIO_ENTITLEMENT } from "../../acceptance/personas.js";
import { fillModal, flattenOptions, readText, visibleText } from "../../fakes/slack/index.js";
import { calls, JUSTIFICATION, startSlackWorld, type SlackWorld } from "./support/slack-world.js";

type Json = Record<string, unknown>;

describe("Slack modals and typeahead", () => {
  let s: SlackWorld;
  beforeEach(async () => {
    s = await startSlackWorld();
  });
  afterEach(async () => {
    await s?.close();
  });

  /** Opens the request modal as `who` with /pim request and returns the view Slack holds. */
  async function openRequestModal(who: "requester" | "bystander" = "requester"): Promise<{ id: string; callback_id: string; blocks: unknown[] }> {
    const before = calls(s.slack);
    const res = await s.sender.slashCommand({ userId: s.user(who), text: "request" });
    // Acknowledged at once, with an empty body: the modal is opened after the ack.
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const opened = await s.answer(before, res);
    expect(opened.method).toBe("views.open");
    return opened.response.view as { id: string; callback_id: string; blocks: unknown[] };
  }

  async function submit(view: { id: string; callback_id: string }, values: Json, who: "requester" | "bystander" = "requester"): Promise<Json> {
    const reply = await s.sender.viewSubmission({ userId: s.user(who), callbackId: view.callback_id, viewId: view.id, values });
    expect(reply.status).toBe(200);
    return reply.text ? reply.json<Json>() : {};
  }

  async function typeahead(view: { id: string; callback_id: string }, query: string, who: "requester" | "bystander" = "requester") {
    const reply = await s.sender.optionsRequest({ userId: s.user(who), actionId: "entitlement", blockId: "entitlement", value: query, view: { id: view.id, callbackId: view.callback_id } });
    expect(reply.status).toBe(200);
    return reply.json<Json>();
  }

  it("closes the modal on success and DMs the requester the card once, even after the core's own notice", async () => {
    const view = await openRequestModal();
    const values = await fillModal(view.blocks, { entitlement: SCENARIO_ENTITLEMENT, duration: "2h", justification: JUSTIFICATION }, async ({ query }) => flattenOptions(await typeahead(view, query)));
    const before = calls(s.slack);
    expect(await submit(view, values)).toEqual({ response_action: "clear" });
    await s.next(before, (c) => c.method === "chat.postMessage" && c.args.channel === s.dm("requester"));
    await s.w.settle();
    expect((await s.w.latestRequest("requester")).state).toBe("pending");
    const copies = s.slack.messages(s.dm("requester")).filter((m) => visibleText(m.blocks).includes("Request sent"));
    expect(copies).toHaveLength(1);
    expect(visibleText(copies[0]!.blocks)).toContain(SCENARIO_ENTITLEMENT);
  });

  it("returns missing fields as errors keyed by block id and creates nothing", async () => {
    const view = await openRequestModal();
    const values = await fillModal(view.blocks, {});
    const answer = await submit(view, values);
    expect(answer.response_action).toBe("errors");
    const errors = answer.errors as Record<string, string>;
    expect(errors.entitlement).toMatch(/choose/i);
    const blockIds = (view.blocks as { block_id?: string }[]).map((b) => b.block_id);
    for (const key of Object.keys(errors)) expect(blockIds).toContain(key);
    expect(await s.w.app.deps.store.find("requests")).toEqual([]);
  });

  it("returns invalid values (a forged choice, an unparseable duration) as field errors and creates nothing", async () => {
    const view = await openRequestModal();
    const values = await fillModal(view.blocks, { entitlement: SCENARIO_ENTITLEMENT, duration: "forever", justification: JUSTIFICATION }, async ({ query }) => flattenOptions(await typeahead(view, query)));
    values.identity = { identity: { type: "static_select", selected_option: { text: { type: "plain_text", text: "Root" }, value: "root" } } };
    const answer = await submit(view, values);
    expect(answer.response_action).toBe("errors");
    expect(Object.keys(answer.errors as Json).sort()).toEqual(["duration", "identity"]);
    expect(await s.w.app.deps.store.find("requests")).toEqual([]);
  });

  it("refuses a field the form never had, on the first input, and creates nothing", async () => {
    const view = await openRequestModal();
    const values = await fillModal(view.blocks, { entitlement: SCENARIO_ENTITLEMENT, justification: JUSTIFICATION }, async ({ query }) => flattenOptions(await typeahead(view, query)));
    values.approver = { approver: { type: "plain_text_input", value: "me" } };
    const answer = await submit(view, values);
    // The strict schema names no field for it, so the refusal sits on the first input.
    expect(answer).toEqual({ response_action: "errors", errors: { entitlement: expect.any(String) } });
    expect(await s.w.app.deps.store.find("requests")).toEqual([]);
  });

  it("refuses an entitlement the typeahead marked unavailable, with the same reason, and creates nothing", async () => {
    const view = await openRequestModal("bystander");
    const groups = await typeahead(view, "", "bystander");
    const unavailable = (groups.option_groups as { label: { text: string }; options: { text: { text: string }; value: string }[] }[]).find((g) => g.label.text === "Not available to you")!;
    const choice = unavailable.options[0]!;
    expect(choice.text.text).toMatch(/^🚫 .+ — .+/);
    const values = await fillModal(view.blocks, { justification: JUSTIFICATION });
    values.entitlement = { entitlement: { type: "external_select", selected_option: choice } };
    const answer = await submit(view, values, "bystander");
    expect(answer.response_action).toBe("errors");
    // The reason the typeahead showed comes back under the field the core names (here: the account).
    const reasonShown = choice.text.text.split(" — ")[1]!.replace(/…$/, "");
    expect(Object.values(answer.errors as Json)).toEqual(expect.arrayContaining([expect.stringContaining(reasonShown)]));
    expect(await s.w.app.deps.store.find("requests")).toEqual([]);
  });

  it("answers the typeahead with matches, those you cannot request marked with the reason, every option within 75 characters", async () => {
    const view = await openRequestModal();
    const answer = await typeahead(view, "PAY");
    const options = flattenOptions(answer);
    expect(options.length).toBeGreaterThan(0);
    expect(options.every((o) => o.text.text.length <= 75 && o.value.length <= 150)).toBe(true);
    expect(options.map((o) => readText(o.text))).toEqual(expect.arrayContaining([expect.stringContaining(SCENARIO_ENTITLEMENT)]));
    expect(flattenOptions(await typeahead(view, "no-such-thing-anywhere"))).toEqual([]);
  });

  it("answers a typeahead from someone it does not know with no options", async () => {
    await s.close();
    s = await startSlackWorld({ extraUsers: [{ id: "U0STRANGER", email: "stranger@elsewhere.example", realName: "Stranger" }] });
    const reply = await s.sender.optionsRequest({ userId: "U0STRANGER", actionId: "entitlement", value: "a" });
    expect(reply.json()).toEqual({ options: [] });
  });

  it("refuses damaged private metadata and unknown forms inside the modal, changing nothing", async () => {
    const before = await s.snapshot();
    for (const [callbackId, privateMetadata] of [["pim.input", "{not json"], ["pim.input", JSON.stringify({ action: { verb: "approve" }, origin: { kind: "message", channel: "x", ts: "1" } })], ["legacy_request_form", ""]] as const) {
      const reply = await s.sender.viewSubmission({ userId: s.user("requester"), callbackId, privateMetadata, values: {} });
      const body = reply.json<Json>();
      expect(body.response_action).toBe("update");
      expect(visibleText((body.view as Json).blocks)).toMatch(/nothing was changed/);
    }
    expect(await s.snapshot()).toBe(before);
  });

  it("opens the emergency form with the covered entitlements and grants from it", async () => {
    const before = calls(s.slack);
    const res = await s.sender.slashCommand({ userId: s.user("oncall"), text: "emergency" });
    const opened = await s.answer(before, res);
    const view = opened.response.view as { id: string; callback_id: string; blocks: unknown[] };
    expect(view.callback_id).toBe("pim.form.emergency");
    const values = await fillModal(view.blocks, { entitlement: "Exchange Administrator", incident: "INC-40123", duration: "1h", justification: "mail flow is down" });
    const reply = await s.sender.viewSubmission({ userId: s.user("oncall"), callbackId: view.callback_id, viewId: view.id, values });
    expect(reply.json()).toEqual({ response_action: "clear" });
    await s.w.settle();
    expect((await s.w.latestRequest("oncall")).state).toBe("active");
  });
});
