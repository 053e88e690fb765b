import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeBotConnector, type FakeBotConnector } from "../../fakes/bot-connector/index.js";
import { startTokenIssuer, type TokenIssuer } from "../../fakes/token-issuer/index.js";

const APP = "app-under-test";

describe("local token issuer", () => {
  let issuer: TokenIssuer;
  beforeAll(async () => {
    issuer = await startTokenIssuer({ clients: { [APP]: "s3cret" } });
  });
  afterAll(() => issuer.close());

  const askForToken = (tenant: string, form: Record<string, string>) =>
    fetch(issuer.tokenEndpoint(tenant), { method: "POST", body: new URLSearchParams(form) });

  it("publishes OpenID metadata whose JWKS holds an RSA key endorsed for Teams", async () => {
    const metadata = (await (await fetch(issuer.openIdMetadataUrl)).json()) as { issuer: string; jwks_uri: string };
    const jwks = (await (await fetch(metadata.jwks_uri)).json()) as { keys: Record<string, unknown>[] };

    expect(metadata.issuer).toBe("https://api.botframework.com");
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: "RSA", alg: "RS256", use: "sig", endorsements: ["msteams"], kid: expect.any(String) })]);
  });

  it("grants client-credentials tokens to known clients and records who asked", async () => {
    const res = await askForToken("tenant-a", { grant_type: "client_credentials", client_id: APP, client_secret: "s3cret", scope: "https://api.botframework.com/.default" });
    const body = (await res.json()) as { access_token: string; expires_in: number };
    const claims = JSON.parse(Buffer.from(body.access_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

    expect(res.status).toBe(200);
    expect(claims).toMatchObject({ aud: "https://api.botframework.com", azp: APP, tid: "tenant-a", iss: issuer.accessTokenIssuer("tenant-a") });
    expect(issuer.tokenRequests.at(-1)).toMatchObject({ clientId: APP, tenantId: "tenant-a", granted: true });
  });

  it("refuses a wrong secret, an unknown client and a scope without /.default", async () => {
    const wrongSecret = await askForToken("t", { grant_type: "client_credentials", client_id: APP, client_secret: "guess", scope: "https://api.botframework.com/.default" });
    const unknown = await askForToken("t", { grant_type: "client_credentials", client_id: "someone", client_secret: "s3cret", scope: "https://api.botframework.com/.default" });
    const badScope = await askForToken("t", { grant_type: "client_credentials", client_id: APP, client_secret: "s3cret", scope: "https://api.botframework.com" });

    expect([wrongSecret.status, unknown.status, badScope.status]).toEqual([401, 401, 400]);
    expect(issuer.tokenRequests.slice(-3).map((r) => [r.clientId, r.granted, r.error])).toEqual([
      [APP, false, "invalid_client"],
      ["someone", false, "invalid_client"],
      [APP, false, "invalid_scope"],
    ]);
  });
});

describe("fake Bot Connector", () => {
  let issuer: TokenIssuer;
  let connector: FakeBotConnector;
  let token: string;

  beforeAll(async () => {
    issuer = await startTokenIssuer({ clients: { [APP]: "s3cret" } });
    connector = await startFakeBotConnector({ tokenIssuer: issuer, botAppId: APP });
    token = await issuer.mintAccessToken({ clientId: APP, tenantId: "contoso-tenant", audience: "https://api.botframework.com" });
  });
  afterAll(async () => {
    await connector.close();
    await issuer.close();
  });

  const post = (path: string, body: unknown, bearer: string | undefined = token) =>
    fetch(new URL(path, connector.serviceUrl), {
      method: "POST",
      headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
    });

  it("refuses calls without a valid bot token", async () => {
    const conversation = connector.personalConversation();
    const otherAudience = await issuer.mintAccessToken({ clientId: APP, tenantId: "contoso-tenant", audience: "https://graph.microsoft.com" });
    const otherApp = await issuer.mintAccessToken({ clientId: "not-the-bot", tenantId: "contoso-tenant", audience: "https://api.botframework.com" });

    const statuses = await Promise.all([undefined, "garbage", otherAudience, otherApp].map(async (t) => (await post(`v3/conversations/${conversation.id}/activities`, { type: "message" }, t ?? "")).status));

    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(connector.sent).toHaveLength(0);
  });

  it("answers the 8th write within a second with 429 and Retry-After, and records it", async () => {
    // Its own connector on a clock that only moves when told, so the burst is "within a second" by construction.
    let clock = 0;
    const paced = await startFakeBotConnector({ tokenIssuer: issuer, botAppId: APP, now: () => clock });
    try {
      const conversation = paced.addConversation({ id: "a:burst" });
      const write = (i: number) =>
        fetch(new URL(`v3/conversations/${conversation.id}/activities`, paced.serviceUrl), {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ type: "message", text: `m${i}` }),
        });
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await write(i)).status);
      clock = 999;
      const throttled = await write(7);
      clock = 1000;
      const afterWindow = await write(8);

      expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201]);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get("retry-after")).toBe("1");
      expect(await throttled.json()).toEqual({ error: { code: "TooManyRequests", message: "Too many requests." } });
      expect(afterWindow.status).toBe(201);
      expect(paced.throttled).toEqual([expect.objectContaining({ conversationId: "a:burst", scope: "conversation", exceeded: { max: 7, perMs: 1000 }, atMs: 999 })]);
    } finally {
      await paced.close();
    }
  });

  it("answers 403 MessageWritesBlocked for a blocked user's 1:1", async () => {
    connector.addUser({ id: "29:bob", aadObjectId: "b0b", name: "Bob Example", email: "bob@contoso.example", userPrincipalName: "bob@contoso.example" });
    const conversation = connector.personalConversation({ id: "29:bob", aadObjectId: "b0b", name: "Bob Example", email: "bob@contoso.example", userPrincipalName: "bob@contoso.example" });
    connector.blockWrites({ userId: "29:bob" });

    const res = await post(`v3/conversations/${conversation.id}/activities`, { type: "message" });

    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "MessageWritesBlocked", message: expect.any(String) } });
  });

  it("creates the same 1:1 conversation id for a user every time and knows its members", async () => {
    const create = () => post("v3/conversations", { isGroup: false, members: [{ id: "29:alice" }], tenantId: "contoso-tenant" });
    const first = (await (await create()).json()) as { id: string };
    const second = (await (await create()).json()) as { id: string };
    const member = await fetch(new URL(`v3/conversations/${first.id}/members/29:alice`, connector.serviceUrl), { headers: { authorization: `Bearer ${token}` } });

    expect(second.id).toBe(first.id);
    expect(await member.json()).toMatchObject({ id: "29:alice", aadObjectId: expect.any(String), email: "alice@contoso.example", userPrincipalName: "alice@contoso.example", tenantId: "contoso-tenant" });
  });

  it("answers 404 ConversationNotFound for a conversation it does not know", async () => {
    const res = await post("v3/conversations/a:nowhere/activities", { type: "message" });
    expect(res.status).toBe(404);
  });

  it("waitFor resolves once a matching activity arrives", async () => {
    const conversation = connector.addConversation({ id: "a:wait" });
    const seen = connector.waitFor(() => connector.sent.find((s) => s.conversationId === "a:wait"));
    await post(`v3/conversations/${conversation.id}/activities`, { type: "message", text: "ping" });

    expect((await seen).activity).toMatchObject({ text: "ping" });
  });
});
