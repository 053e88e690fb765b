import { TeamsInfo, type ConversationReference, type TurnContext } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TeamsRateLimiter } from "../../../src/channels/teams/connector/rate-limiter.js";
import { DeliveryError, ErrorCodes } from "../../../src/core/errors.js";
import { personalConversationId, type FakeConversation, type FakeTeamsUser } from "../../fakes/bot-connector/index.js";
import { startTokenIssuer, type TokenIssuer } from "../../fakes/token-issuer/index.js";
import { BOT_APP_ID, startTeamsHarness, type TeamsHarness } from "./harness.js";

const approvedCard = (requestId: string) => ({
  type: "AdaptiveCard" as const,
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: "1.5",
  body: [{ type: "TextBlock", text: `Request ${requestId} approved` }],
});

describe("Teams transport with authentication on", () => {
  let h: TeamsHarness;
  let strangers: TokenIssuer[] = [];

  beforeAll(async () => {
    h = await startTeamsHarness((app) => {
      app.message(/^update me$/i, async (ctx) => {
        const posted = await ctx.sendActivity("pending");
        await ctx.updateActivity({ type: "message", id: posted!.id, text: "approved" });
      });
      app.message(/^who am i$/i, async (ctx) => {
        const member = await TeamsInfo.getMember(ctx, ctx.activity.from.id);
        await ctx.sendActivity(`${member.name} <${member.email}> ${member.aadObjectId}`);
      });
      app.message(/^explode$/i, async () => {
        throw new Error("database password is hunter2");
      });
      app.message(/.*/, async (ctx) => {
        await ctx.sendActivity(`You said: ${ctx.activity.text}`);
      });
      app.adaptiveCards.actionExecute<{ requestId: string }>("approve", async (_ctx, _state, data) => approvedCard(data.requestId));
    });
  });

  afterAll(async () => {
    await Promise.all(strangers.map((s) => s.close()));
    strangers = [];
    await h.close();
  });

  const message = (text: string) => ({ type: "message", text });

  it("answers a message with a reply that lands in the Bot Connector", async () => {
    const res = await h.connector.sendToBot(message("hello"));

    expect(res.status).toBe(200);
    const reply = h.connector.sent.at(-1)!;
    expect(reply.kind).toBe("reply");
    expect(reply.conversationId).toBe(personalConversationId("29:alice"));
    expect(reply.activity).toMatchObject({ type: "message", text: "You said: hello", recipient: { id: "29:alice" } });
  });

  it("gets its outgoing token from the configured token endpoint with its own client id, once", async () => {
    await h.connector.sendToBot(message("one"));
    await h.connector.sendToBot(message("two"));

    expect(h.issuer.tokenRequests.length).toBe(1);
    expect(h.issuer.tokenRequests[0]).toMatchObject({ clientId: BOT_APP_ID, tenantId: "contoso-tenant", scope: "https://api.botframework.com/.default", granted: true });
    expect(h.connector.refused.filter((r) => r.status === 401)).toEqual([]);
  });

  it("reads member details (aadObjectId, email) from the connector", async () => {
    await h.connector.sendToBot(message("who am i"));

    expect(h.connector.sent.at(-1)!.activity.text).toBe("Alice Example <alice@contoso.example> 00000000-0000-0000-0000-0000000a11ce");
  });

  it("puts the invoke response of an Action.Execute in the HTTP response body", async () => {
    const sentBefore = h.connector.sent.length;
    const res = await h.connector.sendToBot({
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb: "approve", data: { requestId: "REQ-7" } }, trigger: "manual" },
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: approvedCard("REQ-7") });
    expect(h.connector.sent.length).toBe(sentBefore);
  });

  it("sends card updates to the connector's update log", async () => {
    await h.connector.sendToBot(message("update me"));

    const posted = h.connector.sent.at(-1)!;
    const update = h.connector.updates.at(-1)!;
    expect(posted.activity.text).toBe("pending");
    expect(update.activityId).toBe(posted.activityId);
    expect(update.conversationId).toBe(posted.conversationId);
    expect(update.activity).toMatchObject({ type: "message", text: "approved", id: posted.activityId });
  });

  it("answers 500 without internals when the turn fails, and keeps serving", async () => {
    const failed = await h.connector.sendToBot(message("explode"));
    const next = await h.connector.sendToBot(message("still there?"));

    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ type: "about:blank", title: "Internal Server Error", status: 500, detail: "Internal error.", code: "INTERNAL" });
    expect(h.log.lines).toContainEqual(expect.objectContaining({ level: "error", obj: expect.objectContaining({ reason: expect.stringContaining("hunter2") }) }));
    expect(next.status).toBe(200);
  });

  describe("refuses with 401 and never replies", () => {
    const expectRefused = async (send: () => Promise<{ status: number; body: unknown }>) => {
      const sentBefore = h.connector.sent.length;
      const res = await send();
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ type: "about:blank", title: "Unauthorized", status: 401, detail: "The request does not carry a valid Bot Framework token.", code: "UNAUTHENTICATED" });
      expect(h.connector.sent.length).toBe(sentBefore);
    };

    it("a request without a token", () => expectRefused(() => h.connector.sendToBot(message("hi"), { token: null })));

    it("a token that is not a JWT", () => expectRefused(() => h.connector.sendToBot(message("hi"), { token: "not-a-jwt" })));

    it("a token from a different issuer", async () => {
      const evil = await startTokenIssuer({ channelIssuer: "https://evil.example" });
      strangers.push(evil);
      const token = await evil.mintChannelToken({ appId: BOT_APP_ID, serviceUrl: h.connector.serviceUrl });
      await expectRefused(() => h.connector.sendToBot(message("hi"), { token }));
    });

    it("a token with the right issuer name signed by another key", async () => {
      const impostor = await startTokenIssuer();
      strangers.push(impostor);
      const token = await impostor.mintChannelToken({ appId: BOT_APP_ID, serviceUrl: h.connector.serviceUrl });
      await expectRefused(() => h.connector.sendToBot(message("hi"), { token }));
    });

    it("a token for another bot (wrong audience)", async () => {
      const token = await h.issuer.mintChannelToken({ appId: "99999999-0000-0000-0000-000000000000", serviceUrl: h.connector.serviceUrl });
      await expectRefused(() => h.connector.sendToBot(message("hi"), { token }));
    });

    it("a token minted for another service URL", async () => {
      const token = await h.issuer.mintChannelToken({ appId: BOT_APP_ID, serviceUrl: "https://smba.trafficmanager.net/emea/" });
      await expectRefused(() => h.connector.sendToBot(message("hi"), { token }));
    });

    it("an expired token", async () => {
      // Beyond botbuilder's five-minute clock tolerance.
      const token = await h.issuer.mintChannelToken({ appId: BOT_APP_ID, serviceUrl: h.connector.serviceUrl, expiresInSeconds: -3600 });
      await expectRefused(() => h.connector.sendToBot(message("hi"), { token }));
    });

    it("an emulator-style token, even when signed by a trusted key", async () => {
      // botbuilder would accept this on its emulator path (iss from Entra, appid = the bot); our claims check does not.
      const token = await h.issuer.mintChannelToken({
        appId: BOT_APP_ID,
        serviceUrl: h.connector.serviceUrl,
        extra: { iss: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/", ver: "1.0", appid: BOT_APP_ID },
      });
      await expectRefused(() => h.connector.sendToBot(message("hi"), { token }));
    });

    it("an activity that claims to come from the AseChannel", () =>
      expectRefused(() => h.connector.sendToBot({ ...message("hi"), channelId: "AseChannel" })));
  });

  describe("refuses malformed bodies with 400", () => {
    it("invalid JSON", async () => {
      const res = await h.connector.postRawToBot("{ not json");
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: expect.stringMatching(/^FST_ERR_CTP_/) });
    });

    it("JSON that is not an activity", async () => {
      for (const body of ["[]", '"text"', "{}", JSON.stringify({ type: "message", text: "no serviceUrl", channelId: "msteams", conversation: { id: "a:1" } })]) {
        const res = await h.connector.postRawToBot(body);
        expect(res.status, body).toBe(400);
        expect(res.body, body).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
      }
    });

    it("an empty body", async () => {
      const res = await h.connector.postRawToBot("");
      expect(res.status).toBe(400);
    });

    it("a body that is not JSON at all", async () => {
      const res = await h.connector.postRawToBot("type=message", { contentType: "application/x-www-form-urlencoded" });
      expect(res.status).toBe(415);
    });
  });

  it("creates a 1:1 conversation proactively and posts into it", async () => {
    const user = h.connector.personalConversation().memberIds[0]!;
    let conversationId: string | undefined;
    await h.adapter.createConversationAsync(
      BOT_APP_ID,
      "msteams",
      h.connector.serviceUrl,
      "https://api.botframework.com",
      { isGroup: false, bot: { id: `28:${BOT_APP_ID}`, name: "PIM Access" }, members: [{ id: user, name: "" }], tenantId: h.connector.tenantId, channelData: { tenant: { id: h.connector.tenantId } } },
      async (ctx) => {
        conversationId = ctx.activity.conversation.id;
        await ctx.sendActivity("Your access request is waiting for approval.");
      },
    );

    expect(conversationId).toBe(personalConversationId(user));
    // botbuilder gives the synthetic turn an id, so the message goes out as a reply to it, as with real Teams.
    expect(h.connector.sent.at(-1)).toMatchObject({ conversationId, activity: { text: "Your access request is waiting for approval." } });
  });
});

describe("Teams transport under load, paced by TeamsRateLimiter", () => {
  // The Teams limits divided by ten, on both sides, so the proof runs in about a second.
  const conversationLimits = [
    { max: 7, perMs: 100 },
    { max: 8, perMs: 200 },
    { max: 60, perMs: 3_000 },
    { max: 1_800, perMs: 360_000 },
  ];
  const tenantLimits = [{ max: 30, perMs: 100 }];
  let h: TeamsHarness;

  beforeAll(async () => {
    h = await startTeamsHarness(() => undefined, { conversationLimits, tenantLimits });
  });
  afterAll(() => h.close());

  const referenceTo = (conversation: FakeConversation): Partial<ConversationReference> => ({
    channelId: "msteams",
    serviceUrl: h.connector.serviceUrl,
    bot: { id: `28:${BOT_APP_ID}`, name: "PIM Access" },
    conversation: { id: conversation.id, conversationType: "personal", tenantId: conversation.tenantId, isGroup: false, name: "" },
  });

  const proactive = (limiter: TeamsRateLimiter, conversation: FakeConversation, text: string) =>
    limiter.schedule({ conversationId: conversation.id, tenantId: conversation.tenantId }, () =>
      h.adapter.continueConversationAsync(BOT_APP_ID, referenceTo(conversation), async (ctx: TurnContext) => {
        await ctx.sendActivity(text);
      }),
    );

  it("never makes the connector answer 429: 50 messages to one conversation and 200 across 20", async () => {
    const users: FakeTeamsUser[] = Array.from({ length: 21 }, (_, i) => ({
      id: `29:user-${i}`,
      aadObjectId: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
      name: `User ${i}`,
      email: `user${i}@contoso.example`,
      userPrincipalName: `user${i}@contoso.example`,
    }));
    users.forEach((u) => h.connector.addUser(u));
    const conversations = users.map((u) => h.connector.personalConversation(u));
    const [busy, ...others] = conversations;
    const limiter = new TeamsRateLimiter({ conversationLimits, tenantLimits });

    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => proactive(limiter, busy!, `busy ${i}`)),
      ...others.flatMap((c) => Array.from({ length: 10 }, (_, i) => proactive(limiter, c, `${c.id} ${i}`))),
    ]);

    expect(h.connector.throttled).toEqual([]);
    expect(h.connector.sent.length).toBe(250);
    // Order within a conversation is kept.
    const busyTexts = h.connector.sent.filter((s) => s.conversationId === busy!.id).map((s) => s.activity.text);
    expect(busyTexts).toEqual(Array.from({ length: 50 }, (_, i) => `busy ${i}`));
    await limiter.stop();
  });

  it("turns 403 MessageWritesBlocked from the connector into a permanent DELIVERY_BLOCKED", async () => {
    const blockedUser: FakeTeamsUser = { id: "29:blocker", aadObjectId: "00000000-0000-0000-0000-0000000b10c4", name: "Bo Blocker", email: "bo@contoso.example", userPrincipalName: "bo@contoso.example" };
    h.connector.addUser(blockedUser);
    const conversation = h.connector.personalConversation(blockedUser);
    h.connector.blockWrites({ userId: blockedUser.id });
    const limiter = new TeamsRateLimiter({ conversationLimits, tenantLimits });

    const error = await proactive(limiter, conversation, "You have a pending approval").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: ErrorCodes.DELIVERY_BLOCKED, permanent: true });
    expect(h.connector.refused.filter((r) => r.status === 403)).toHaveLength(1);
    await limiter.stop();
  });
});
