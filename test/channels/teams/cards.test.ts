import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderFormCard, renderFormDialog } from "../../../src/channels/teams/render/form-card.js";
import { cardBytes, MAX_CARD_BYTES } from "../../../src/channels/teams/render/fit.js";
import { renderListCard } from "../../../src/channels/teams/render/list-card.js";
import { renderReplyCard } from "../../../src/channels/teams/render/reply-card.js";
import { renderRequestCard } from "../../../src/channels/teams/render/request-card.js";
import { renderReviewCard } from "../../../src/channels/teams/render/review-card.js";
import { expandCard, expandDialog, type AdaptiveCardJson, type CardTemplateName, type DialogTemplateName } from "../../../src/channels/teams/render/templates.js";
import { renderTextCard } from "../../../src/channels/teams/render/text-card.js";
import type { FormView } from "../../../src/channels/shared/forms.js";
import type { ListView } from "../../../src/core/views/types.js";
import { createAdaptiveCardValidator } from "../../../vendor/conformance/tools/adaptive-card-validator.mjs";
import { actionsOf, formErrors, isRefusal, visibleText } from "./support/card-reader.js";
import { LONG_JUSTIFICATION, realisticReplies, type RealisticReplies } from "./support/realistic-replies.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const validate15 = createAdaptiveCardValidator("1.5");
const validate16 = createAdaptiveCardValidator("1.6");

/** What Teams needs from every card we send: schema-valid for its version, `version` set, under budget. */
function expectSendable(card: AdaptiveCardJson, version: "1.5" | "1.6" = "1.5") {
  const result = (version === "1.5" ? validate15 : validate16)(card);
  expect(result.errors).toEqual([]);
  expect(card.version).toBe(version);
  expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
}

describe("card templates with their sample data", () => {
  const samples = readdirSync(join(ROOT, "cards", "samples")).filter((f) => f.endsWith(".json"));

  it("has a sample for every card and dialog template", () => {
    const templates = new Set(samples.map((f) => f.split(".")[0]));
    for (const t of ["request", "review", "list", "help", "form", "text", "dialog"]) expect(templates, t).toContain(t);
  });

  it.each(samples)("%s expands to a valid card", (file) => {
    const [template, variant] = file.split(".");
    const model = JSON.parse(readFileSync(join(ROOT, "cards", "samples", file), "utf8")) as object;
    if (template === "dialog") expectSendable(expandDialog(variant as DialogTemplateName, model), "1.6");
    else expectSendable(expandCard(template as CardTemplateName, model));
  });
});

describe("cards rendered from the real flows", () => {
  let r: RealisticReplies;
  beforeAll(async () => {
    r = await realisticReplies();
  });
  afterAll(() => r.close());

  it("request views in every state, for every viewer, with headline, note and refresh", () => {
    for (const [name, view] of Object.entries(r.requestViews)) {
      for (const card of [
        renderRequestCard(view),
        renderRequestCard(view, { headline: `Notice about ${name}`, note: { text: "Done.", tone: "good" }, refreshUserIds: ["29:a", "29:b"], offerMyView: true }),
        renderRequestCard(view, { expanded: true }),
      ]) {
        expectSendable(card);
      }
    }
  });

  it("review views, lists, help, text, and every flow reply", () => {
    for (const view of Object.values(r.reviewViews)) expectSendable(renderReviewCard(view, { headline: "Please review", refreshUserIds: ["29:a"] }));
    for (const view of Object.values(r.lists)) expectSendable(renderListCard(view, { text: "Opened below.", tone: "good" }));
    for (const reply of Object.values(r.replies)) expectSendable(renderReplyCard(reply));
    expectSendable(renderTextCard({ text: "x".repeat(5000), tone: "warning", title: "t".repeat(500), details: Array.from({ length: 50 }, (_, i) => ({ label: `f${i}`, value: "v".repeat(1000) })) }));
  });

  it("forms as chat cards (1.5) and as dialogs with typeahead (1.6)", () => {
    for (const form of Object.values(r.forms)) {
      expectSendable(renderFormCard(form));
      const dialog = renderFormDialog(form);
      expectSendable(dialog, "1.6");
      expect(JSON.stringify(dialog)).toContain('"Data.Query"');
    }
  });

  it("keeps a 2,000-character justification out of the approval card, behind Show details", () => {
    const view = r.requestViews.pendingForApprover!;
    expect(view.justification).toBe(LONG_JUSTIFICATION.trim());
    const card = renderRequestCard(view);
    expect(visibleText(card)).not.toContain(view.justification);
    expect(actionsOf(card).map((a) => a.title)).toContain("Show details");
    const details = renderRequestCard(view, { expanded: true });
    expect(visibleText(details)).toContain(view.justification);
    expect(actionsOf(details).map((a) => a.title)).not.toContain("Show details");
  });

  it("gives approvers Approve and a Deny that asks for a reason, carrying only id and version", () => {
    const view = r.requestViews.pendingForApprover!;
    const [approve, deny] = ["Approve", "Deny"].map((t) => actionsOf(renderRequestCard(view)).find((a) => a.title === t)!);
    expect(approve).toMatchObject({ type: "Action.Execute", verb: "approve", data: { requestId: view.requestId, version: view.version } });
    expect(Object.keys(approve!.data).sort()).toEqual(["requestId", "version"]);
    expect(deny).toMatchObject({ type: "Action.ShowCard", confirm: { verb: "deny", data: { requestId: view.requestId, version: view.version } } });
    expect(deny!.inputs).toEqual([{ id: `reason__${view.requestId}`, type: "Input.Text", required: true, choices: [] }]);
  });

  it("shows the requester of an active grant Extend (a choice) and Release", () => {
    const actions = actionsOf(renderRequestCard(r.requestViews.activeForRequester!));
    expect(actions.map((a) => a.title)).toEqual(expect.arrayContaining(["Extend", "Release now"]));
    expect(actions.find((a) => a.title === "Extend")!.inputs[0]).toMatchObject({ type: "Input.ChoiceSet", required: true });
  });

  it("limits refresh.userIds to the 60 Teams accepts", () => {
    const card = renderRequestCard(r.requestViews.pendingForObserver!, { refreshUserIds: Array.from({ length: 100 }, (_, i) => `29:user-${i}`) });
    expect((card.refresh as { userIds: string[] }).userIds).toHaveLength(60);
    expect(card.refresh).toMatchObject({ action: { type: "Action.Execute", verb: "refresh" } });
  });

  it("makes Markdown links in what people typed inert", () => {
    const card = renderRequestCard(r.requestViews.denied!);
    expect(visibleText(card)).toContain("[this link] (https://evil.example)");
  });

  it("marks refusals so they can be told apart from confirmations", () => {
    expect(isRefusal(renderReplyCard(r.replies.refused!))).toBe(true);
    expect(isRefusal(renderReplyCard(r.replies.approved!))).toBe(false);
    expect(visibleText(renderReplyCard(r.replies.refused!))).toMatch(/not an approver/);
  });

  it("shows form errors next to their fields", () => {
    expect(Object.keys(formErrors(renderFormCard(r.forms.formErrors!))).sort()).toEqual(["duration", "justification"]);
    expect(Object.keys(formErrors(renderFormDialog(r.forms.formErrors!))).sort()).toEqual(["duration", "justification"]);
  });
});

describe("cards that would be too big", () => {
  it("cuts a long list to what fits and says how many there are", () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      id: `req_${i}`, version: 3, title: `Entitlement ${i} ${"x".repeat(300)}`, subtitle: "y".repeat(400), stateLabel: "Active", tone: "good" as const,
      actions: [
        { id: "extend" as const, label: "Extend", style: "default" as const, choices: { label: "Extend by", options: [30, 60, 120, 240].map((m) => ({ value: String(m), label: `${m} min` })) } },
        { id: "release" as const, label: "Release now", style: "destructive" as const },
      ],
    }));
    const view: ListView = { type: "list", title: "My access", emptyText: "", items, total: 200 };
    const card = renderListCard(view);
    expectSendable(card);
    expect(visibleText(card)).toMatch(/Showing \d+ of 200\./);
  });

  it("cuts a form's static list to what fits, keeping the chosen value", () => {
    const choices = Array.from({ length: 500 }, (_, i) => ({ value: `ent_${i}`, label: `AZZ-RBAC-SOMETHING-LONG-${i} ${"z".repeat(100)}` }));
    const form: FormView = { type: "form", formId: "request", title: "Request access", intro: "", submitLabel: "Send", fields: [{ id: "entitlement", label: "Entitlement", kind: "search", required: true, value: "ent_499", choices }] };
    const card = renderFormCard(form);
    expectSendable(card);
    expect(JSON.stringify(card)).toContain('"ent_499"');
  });
});
