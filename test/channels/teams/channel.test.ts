import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemoryAuditLog } from "../../../src/adapters/audit/memory-audit-log.js";
import { installedTeamsApps } from "../../../src/adapters/graph/fake/routes/teamwork.js";
import { teamsKit, teamsUserIdOf, TEAMS_BOT_APP_ID, type TeamsKit } from "../../acceptance/teams-driver.js";
import { PERSONAS, SCENARIO_ENTITLEMENT } from "../../acceptance/personas.js";
import { startWorld, type AcceptanceWorld } from "../../acceptance/world.js";
import type { PersonaKey } from "../../acceptance/driver.js";
import type { ActivityJson, FakeConversation, FakeTeamsUser } from "../../fakes/bot-connector/index.js";
import { actionsOf, formErrors, isRefusal, visibleText } from "./support/card-reader.js";

type Json = Record<string, unknown>;

const JUSTIFICATION = "Deploy the payments reconciliation fix to non-production";

function cardOf(activity: ActivityJson): Json | undefined {
  return (activity.attachments as { content?: Json }[] | undefined)?.[0]?.content;
}

/** The Teams channel over HTTP, authentication ON, in the acceptance world (app, fake tenant, fake connector). */
describe("Teams channel", () => {
  let kit: TeamsKit;
  let w: AcceptanceWorld;

  beforeEach(async () => {
    kit = teamsKit();
    w = await startWorld(kit);
  });
  afterEach(() => w.close());

  const connector = () => kit.connector();
  const userOf = (who: PersonaKey): FakeTeamsUser => {
    const u = w.org.identities.find((i) => i.humanId === w.humanId(who) && i.type === "staff")!;
    return { id: teamsUserIdOf(w.humanId(who)), aadObjectId: u.objectId, name: PERSONAS[who].name, email: u.userPrincipalName, userPrincipalName: u.userPrincipalName };
  };
  const send = (who: PersonaKey, activity: ActivityJson, conversation?: FakeConversation) =>
    connector().sendToBot(activity, { user: userOf(who), conversation: conversation ?? connector().personalConversation(userOf(who)) });
  const execute = (who: PersonaKey, verb: string, data: Json, replyToId?: string) =>
    send(who, { type: "invoke", name: "adaptiveCard/action", ...(replyToId ? { replyToId } : {}), value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } });
  const repliesSince = (n: number, conversationId?: string) => connector().sent.slice(n).filter((s) => !conversationId || s.conversationId === conversationId);
  const audit = () => (w.app.deps.audit as MemoryAuditLog).records;
  /** Everything a refused or malformed action must leave alone. */
  const snapshot = async () => JSON.stringify([await w.app.deps.store.find("requests"), await w.app.deps.store.find("outbox"), w.tenant.requests.all().filter((r) => r.method !== "GET").length]);

  async function pendingRequest() {
    const form = await w.driver.submitRequestForm("requester", { entitlement: SCENARIO_ENTITLEMENT, duration: "2h", justification: JUSTIFICATION });
    expect(form.errors).toEqual({});
    await w.settle();
    return w.latestRequest("requester");
  }

  describe("refuses what it cannot use, without changing anything", () => {
    it("answers an activity without a sender with 400 (invoke) or silence (message)", async () => {
      const before = connector().sent.length;
      const invoke = await send("requester", { type: "invoke", name: "adaptiveCard/action", from: undefined, value: { action: { type: "Action.Execute", verb: "approve", data: {} } } });
      const message = await send("requester", { type: "message", text: "help", from: undefined });
      expect(invoke.status).toBe(400);
      expect(invoke.body).toMatchObject({ code: "VALIDATION_FAILED" });
      expect(message.status).toBe(200);
      expect(connector().sent.length).toBe(before);
    });

    it("answers an invoke it does not handle with 400 and a reason", async () => {
      const res = await send("requester", { type: "invoke", name: "composeExtension/query", value: {} });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: "VALIDATION_FAILED", detail: expect.stringContaining("composeExtension/query") });
    });

    it("answers a malformed Universal Action, an unknown verb, and card data with missing or extra fields with a 400 error", async () => {
      const request = await pendingRequest();
      const before = await snapshot();
      const cases: [string, Json | undefined][] = [
        ["approve", { requestId: request.id }],
        ["approve", { requestId: request.id, version: request.version, approvedBy: PERSONAS.owner.humanId }],
        ["approve", { requestId: "../../etc/passwd", version: 1 }],
        ["approve", { requestId: request.id, version: "latest" }],
        ["transfer-ownership", { requestId: request.id, version: request.version }],
        ["refresh", { requestId: request.id, extra: 1 }],
        ["command", { command: "security channel here" }],
        ["submitForm", { form: "elevate" }],
      ];
      for (const [verb, data] of cases) {
        const res = await execute("owner", verb, data ?? {});
        expect(res.status, verb).toBe(200);
        expect(res.body, `${verb} ${JSON.stringify(data)}`).toMatchObject({ statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "VALIDATION_FAILED" } });
      }
      const notExecute = await send("owner", { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Submit", data: {} } } });
      expect(notExecute.body).toMatchObject({ statusCode: 400 });
      expect(await snapshot()).toBe(before);
      expect((await w.latestRequest("requester")).state).toBe("pending");
    });

    it("answers an oversized message with a clear card", async () => {
      const n = connector().sent.length;
      const res = await send("requester", { type: "message", text: `request "Global Reader" 4h CHG-12345 ${"very long ".repeat(1000)}` });
      expect(res.status).toBe(200);
      const [reply] = repliesSince(n);
      expect(visibleText(cardOf(reply!.activity))).toMatch(/characters long/);
      expect(await w.app.deps.store.find("requests")).toEqual([]);
    });

    it("tells someone the access system does not know who they are", async () => {
      const stranger: FakeTeamsUser = { id: "29:stranger", aadObjectId: "00000000-0000-0000-0000-00000000dead", name: "Stranger", email: "s@elsewhere.example", userPrincipalName: "s@elsewhere.example" };
      connector().addUser(stranger);
      const n = connector().sent.length;
      await connector().sendToBot({ type: "message", text: "approvals" }, { user: stranger });
      const res = await connector().sendToBot({ type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "approve", data: { requestId: "req_1", version: 1 } } } }, { user: stranger });
      expect(visibleText(cardOf(repliesSince(n)[0]!.activity))).toMatch(/don't know who you are/);
      expect(visibleText((res.body as { value: Json }).value)).toMatch(/don't know who you are/);
    });
  });

  describe("refuses and audits actions nobody may take", () => {
    it("refuses an Approve from someone who is not an approver, with a card saying why", async () => {
      const request = await pendingRequest();
      const res = await execute("bystander", "approve", { requestId: request.id, version: request.version });
      const card = (res.body as { value: Json }).value;
      expect(res.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
      expect(isRefusal(card)).toBe(true);
      expect(visibleText(card)).toMatch(/not an approver/);
      expect(audit().filter((a) => a.action === "ApprovalRefused" && a.actor === PERSONAS.bystander.humanId)).toHaveLength(1);
      expect((await w.latestRequest("requester")).state).toBe("pending");
    });

    it("refuses a stale card and shows the current state with the person's buttons", async () => {
      const request = await pendingRequest();
      const res = await execute("owner", "approve", { requestId: request.id, version: request.version - 1 });
      const card = (res.body as { value: Json }).value;
      expect(isRefusal(card)).toBe(true);
      expect(actionsOf(card).map((a) => a.title)).toEqual(expect.arrayContaining(["Approve", "Deny"]));
      expect(audit().some((a) => a.action === "ApprovalRefused" && a.details?.code === "STALE_VERSION")).toBe(true);
      expect((await w.latestRequest("requester")).state).toBe("pending");
    });

    it("refuses an action from another tenant with 403, audited, and a message from there with silence", async () => {
      const request = await pendingRequest();
      const before = await snapshot();
      const foreign: FakeConversation = { id: "a:foreign-personal", tenantId: "evil-tenant", conversationType: "personal", memberIds: [userOf("owner").id] };
      const n = connector().sent.length;
      const invoke = await connector().sendToBot({ type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "approve", data: { requestId: request.id, version: request.version } } } }, { user: userOf("owner"), conversation: foreign });
      const message = await connector().sendToBot({ type: "message", text: "approvals" }, { user: userOf("owner"), conversation: foreign });
      expect(invoke.status).toBe(403);
      expect(invoke.body).toMatchObject({ code: "TENANT_MISMATCH" });
      expect(message.status).toBe(200);
      expect(connector().sent.length).toBe(n);
      expect(audit().filter((a) => a.action === "ApprovalRefused" && a.details?.code === "TENANT_MISMATCH" && a.requestId === request.id)).toHaveLength(1);
      expect(await snapshot()).toBe(before);
    });

    it("lets only a security owner, in a team channel, choose the security channel", async () => {
      const channel = connector().addConversation({ id: "19:general@thread.tacv2", conversationType: "channel", teamId: "19:team@thread.tacv2", memberIds: [] });
      const n = connector().sent.length;
      await send("bystander", { type: "message", text: "<at>PIM Access</at> security channel here" }, channel);
      await send("securityOwner", { type: "message", text: "security channel here" });
      const [notOwner, notChannel] = repliesSince(n).map((s) => visibleText(cardOf(s.activity)));
      expect(notOwner).toMatch(/Only a security owner/);
      expect(notChannel).toMatch(/team channel/);
      expect(await w.app.deps.store.find("conversations", { purpose: "security" })).toEqual([]);
    });
  });

  it("gives the approval to a security owner when an approver blocked the bot (403 MessageWritesBlocked)", async () => {
    connector().blockWrites({ userId: userOf("owner").id });
    const request = await pendingRequest();
    expect(connector().refused.filter((r) => r.status === 403)).toHaveLength(1);
    expect(await w.driver.copyOf("owner", { requestId: request.id })).toBeUndefined();
    const fallback = await w.driver.copyOf("securityOwner", { requestId: request.id });
    expect(fallback?.actions).toEqual(expect.arrayContaining(["Approve", "Deny"]));
    expect(audit().some((a) => a.action === "NotifyFailed" && a.requestId === request.id && /falling back/.test(a.message))).toBe(true);
    expect((await w.driver.copyOf("manager", { requestId: request.id }))?.actions).toContain("Approve");
  });

  it("installs the app for approvers it never met, through Graph, and reuses the chat afterwards", async () => {
    const request = await pendingRequest();
    const owner = userOf("owner");
    expect(installedTeamsApps(w.tenant.state, owner.aadObjectId)).toHaveLength(1);
    const installs = () => w.tenant.requests.all().filter((r) => r.method === "POST" && r.path.endsWith("/teamwork/installedApps"));
    expect(installs().length).toBe(3);
    expect(connector().conversations.some((c) => c.id === `a:personal-${owner.id}`)).toBe(true);
    await w.driver.press("owner", { requestId: request.id }, "Approve");
    await w.settle();
    expect(installs().length).toBe(3);
    expect(audit().filter((a) => a.action === "GraphCall" && a.details && JSON.stringify(a).includes("installedApps")).length).toBeGreaterThanOrEqual(3);
  });

  it("treats an app Graph says is already installed as installed", async () => {
    const manager = userOf("manager");
    await fetch(`${w.tenant.url}/users/${manager.aadObjectId}/teamwork/installedApps`, {
      method: "POST",
      headers: { authorization: `Bearer ${w.tenant.token}`, "content-type": "application/json" },
      body: JSON.stringify({ "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/3f1c2b7a-8d4e-4f0a-9b6c-1e2d3c4b5a60" }),
    });
    const request = await pendingRequest();
    expect(w.tenant.requests.all().some((r) => r.path.endsWith(`${manager.aadObjectId}/teamwork/installedApps`) && r.status === 409)).toBe(true);
    expect((await w.driver.copyOf("manager", { requestId: request.id }))?.actions).toContain("Approve");
  });

  it("remembers where people are from installation and messages, for later notices", async () => {
    await send("manager", { type: "conversationUpdate", membersAdded: [{ id: `28:${TEAMS_BOT_APP_ID}` }], text: undefined });
    const stored = await w.app.deps.store.get("conversations", `teams:user:${PERSONAS.manager.humanId}`);
    expect(stored?.data).toMatchObject({ userId: userOf("manager").id, conversationId: `a:personal-${userOf("manager").id}`, tenantId: w.org.tenantId, serviceUrl: connector().serviceUrl });
    const welcome = connector().sent.at(-1)!;
    expect(visibleText(cardOf(welcome.activity))).toMatch(/I handle privileged access/);
    await pendingRequest();
    expect(w.tenant.requests.all().some((r) => r.path.endsWith(`${userOf("manager").aadObjectId}/teamwork/installedApps`))).toBe(false);
  });

  it("strips the mention in a group chat and answers there", async () => {
    const group = connector().addConversation({ id: "19:group@thread.v2", conversationType: "groupChat", memberIds: [] });
    const n = connector().sent.length;
    const bot = { id: `28:${TEAMS_BOT_APP_ID}`, name: "PIM Access" };
    await send("manager", { type: "message", text: "<at>PIM Access</at> approvals", entities: [{ type: "mention", text: "<at>PIM Access</at>", mentioned: bot }] }, group);
    const [reply] = repliesSince(n, group.id);
    expect(visibleText(cardOf(reply!.activity))).toMatch(/Waiting for your approval/);
  });

  it("answers typeahead with at most 15 matches, saying why some cannot be requested", async () => {
    const res = await send("bystander", { type: "invoke", name: "application/search", value: { queryText: "AZZ", dataset: "entitlements", queryOptions: { skip: 0, top: 50 } } });
    const results = (res.body as { value: { results: { title: string; value: string }[] } }).value.results;
    expect(res.body).toMatchObject({ type: "application/vnd.microsoft.search.searchResponse" });
    expect(results.length).toBe(15);
    expect(results.some((r) => / — /.test(r.title))).toBe(true);
    const bad = await send("bystander", { type: "invoke", name: "application/search", value: { queryText: "x", dataset: "users" } });
    expect(bad.status).toBe(400);
  });

  it("shows a dialog's field errors next to each field and creates nothing", async () => {
    const res = await send("requester", { type: "invoke", name: "task/submit", value: { data: { dialog: "request", entitlement: "", duration: "forever", justification: "x".repeat(2100) } } });
    const card = (res.body as { task: { type: string; value: { card: { content: Json } } } }).task;
    expect(card.type).toBe("continue");
    expect(Object.keys(formErrors(card.value.card.content)).sort()).toEqual(["duration", "entitlement", "justification"]);
    expect(await w.app.deps.store.find("requests")).toEqual([]);
  });

  describe("the in-chat form (for clients without dialogs)", () => {
    it("posts the form, shows errors in it, then turns it into the request card, shown once", async () => {
      const n = connector().sent.length;
      await send("requester", { type: "message", text: "request" });
      const posted = repliesSince(n)[0]!;
      const form = cardOf(posted.activity)!;
      const submit = actionsOf(form).find((a) => a.verb === "submitForm")!;
      const choice = JSON.stringify(form).includes(w.org.entitlements.find((e) => e.code === SCENARIO_ENTITLEMENT)!.id);
      expect(choice).toBe(true);

      const wrong = await execute("requester", "submitForm", { ...submit.data, entitlement: "", justification: "short" }, posted.activityId);
      expect(Object.keys(formErrors((wrong.body as { value: Json }).value))).toEqual(expect.arrayContaining(["entitlement"]));

      const entitlement = w.org.entitlements.find((e) => e.code === SCENARIO_ENTITLEMENT)!.id;
      const ok = await execute("requester", "submitForm", { ...submit.data, entitlement, identity: "auto", grantKind: "auto", duration: "2h", justification: JUSTIFICATION, ticket: "" }, posted.activityId);
      const card = (ok.body as { value: Json }).value;
      expect(visibleText(card)).toMatch(/Request sent/);
      await w.settle();
      const mine = repliesSince(n, connector().personalConversation(userOf("requester")).id);
      // The form message itself became the request card; the "Request sent" notice is not posted again.
      expect(mine).toHaveLength(1);
      const request = await w.latestRequest("requester");
      await w.driver.press("owner", { requestId: request.id }, "Approve");
      await w.settle();
      const update = connector().updates.filter((u) => u.activityId === posted.activityId).at(-1);
      expect(visibleText(cardOf(update!.activity))).toContain(`Approved by ${PERSONAS.owner.name}`);
    });
  });

  it("answers Show details with the whole justification, for that person only", async () => {
    const long = `${"Rebuild the settlement index and verify totals. ".repeat(30)}`.trim();
    await w.driver.submitRequestForm("requester", { entitlement: SCENARIO_ENTITLEMENT, duration: "2h", justification: long });
    await w.settle();
    const request = await w.latestRequest("requester");
    const copy = await w.driver.copyOf("owner", { requestId: request.id });
    expect(copy?.actions).toContain("Show details");
    expect(copy?.text).not.toContain(long);
    const res = await execute("owner", "showDetails", { requestId: request.id });
    expect(visibleText((res.body as { value: Json }).value)).toContain(long);
  });

  it("offers a shared copy's state to all and each person's buttons on refresh", async () => {
    const group = connector().addConversation({ id: "19:team-chat@thread.v2", conversationType: "groupChat", memberIds: [] });
    const n = connector().sent.length;
    await send("requester", { type: "message", text: `request "${SCENARIO_ENTITLEMENT}" 2h ${JUSTIFICATION}` }, group);
    await w.settle();
    const shared = repliesSince(n, group.id)[0]!;
    const card = cardOf(shared.activity)!;
    expect(actionsOf(card).map((a) => a.title)).toEqual(["Show my options"]);
    const request = await w.latestRequest("requester");
    const mine = await execute("owner", "refresh", { requestId: request.id }, shared.activityId);
    expect(actionsOf((mine.body as { value: Json }).value).map((a) => a.title)).toEqual(expect.arrayContaining(["Approve", "Deny"]));
    const theirs = await execute("bystander", "refresh", { requestId: request.id }, shared.activityId);
    expect(actionsOf((theirs.body as { value: Json }).value).map((a) => a.title)).not.toContain("Approve");
  });
});
