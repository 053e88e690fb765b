import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudAdapter } from "botbuilder";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBotAuthentication, createBotFrameworkAuthentication } from "../../../src/channels/teams/auth/bot-authentication.js";
import { loadBotCertificate } from "../../../src/channels/teams/auth/certificate.js";
import { ClientSecretCredentialsFactory } from "../../../src/channels/teams/auth/client-secret-credentials.js";
import { ANONYMOUS_WARNING, parseTeamsAuthConfig } from "../../../src/channels/teams/auth/config.js";
import { createTeamsAdapter } from "../../../src/channels/teams/auth/teams-adapter.js";
import { registerBotEndpoint } from "../../../src/channels/teams/connector/register-bot-endpoint.js";
import { DeliveryError, ErrorCodes } from "../../../src/core/errors.js";
import { startTokenIssuer, type TokenIssuer } from "../../fakes/token-issuer/index.js";

const APP = "22222222-0000-0000-0000-000000000001";

/** Collects what signRequest puts on a request, in the shape botbuilder's pipeline hands it over. */
function webResource() {
  const headers = new Map<string, string>();
  return { headers: { set: (name: string, value: string) => void headers.set(name.toLowerCase(), value) }, sent: headers };
}

describe("ClientSecretCredentialsFactory", () => {
  let issuer: TokenIssuer;
  beforeAll(async () => {
    issuer = await startTokenIssuer({ clients: { [APP]: "right" }, accessTokenTtlSeconds: 3600 });
  });
  afterAll(() => issuer.close());

  const factory = (secret = "right", now?: () => number) =>
    new ClientSecretCredentialsFactory({ appId: APP, clientSecret: secret, tokenEndpoint: issuer.tokenEndpoint("tenant-x"), ...(now ? { now } : {}) });

  it("signs requests with a token from the endpoint and reuses it until it is due for renewal", async () => {
    let now = 1_000_000;
    const f = factory("right", () => now);
    const before = issuer.tokenRequests.length;
    const credentials = await f.createCredentials(APP, "https://api.botframework.com");

    const first = webResource();
    await credentials.signRequest(first as never);
    await Promise.all([credentials.getToken(), credentials.getToken(), (await f.createCredentials(APP, "https://api.botframework.com")).getToken()]);
    now += 3600_000 - 5 * 60_000; // renewal is due five minutes before expiry
    await credentials.getToken();

    expect(first.sent.get("authorization")).toMatch(/^Bearer ey/);
    expect(issuer.tokenRequests.slice(before).map((r) => [r.clientId, r.scope, r.granted])).toEqual([
      [APP, "https://api.botframework.com/.default", true],
      [APP, "https://api.botframework.com/.default", true],
    ]);
  });

  it("asks once for a burst of concurrent first requests", async () => {
    const f = factory();
    const before = issuer.tokenRequests.length;
    const credentials = await f.createCredentials(APP, "https://api.botframework.com");

    const tokens = await Promise.all(Array.from({ length: 10 }, () => credentials.getToken()));

    expect(new Set(tokens).size).toBe(1);
    expect(issuer.tokenRequests.length - before).toBe(1);
  });

  it("fails with a permanent UNAUTHENTICATED when the secret is wrong", async () => {
    const credentials = await factory("wrong").createCredentials(APP, "https://api.botframework.com");
    const error = await credentials.getToken().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: ErrorCodes.UNAUTHENTICATED, permanent: true, details: { status: 401, error: "invalid_client" } });
  });

  it("fails with a retryable UNAUTHENTICATED when the endpoint is unreachable", async () => {
    const closed = await startTokenIssuer();
    const endpoint = closed.tokenEndpoint("t");
    await closed.close();
    const credentials = await new ClientSecretCredentialsFactory({ appId: APP, clientSecret: "x", tokenEndpoint: endpoint }).createCredentials(APP, undefined);

    await expect(credentials.getToken()).rejects.toMatchObject({ code: ErrorCodes.UNAUTHENTICATED, permanent: false });
  });

  it("never makes credentials for another app id, and keeps the secret out of JSON", async () => {
    const f = factory();
    await expect(f.createCredentials("someone-else", undefined)).rejects.toMatchObject({ code: ErrorCodes.UNAUTHENTICATED });
    expect(JSON.stringify(f)).not.toContain("right");
  });
});

describe("buildBotAuthentication", () => {
  it("runs anonymously in development, says so loudly, and still serves activities without a token", async () => {
    const auth = await buildBotAuthentication(parseTeamsAuthConfig({ NODE_ENV: "development" }));
    const adapter = createTeamsAdapter(auth);
    const server = Fastify();
    const seen: string[] = [];
    registerBotEndpoint(server, { adapter, handler: async (ctx) => void seen.push(ctx.activity.text) });

    const res = await server.inject({
      method: "POST",
      url: "/api/messages",
      payload: { type: "message", text: "from the playground", channelId: "msteams", serviceUrl: "http://127.0.0.1:56150/_connector", conversation: { id: "c1" }, from: { id: "u1" }, recipient: { id: "b1" } },
    });

    expect(auth.warnings).toEqual([ANONYMOUS_WARNING]);
    expect(await auth.credentialsFactory.isAuthenticationDisabled()).toBe(true);
    expect(res.statusCode).toBe(200);
    expect(seen).toEqual(["from the playground"]);
    await server.close();
  });

  it("also drives a plain CloudAdapter: a channel token from the configured issuer passes, none does not", async () => {
    const issuer = await startTokenIssuer({ clients: { [APP]: "s" } });
    const auth = await buildBotAuthentication(
      parseTeamsAuthConfig({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_PASSWORD: "s", MICROSOFT_APP_TENANT_ID: "t", BOT_OPENID_METADATA_URL: issuer.openIdMetadataUrl, BOT_LOGIN_URL: issuer.loginUrl }),
    );
    const server = Fastify();
    const seen: string[] = [];
    registerBotEndpoint(server, { adapter: new CloudAdapter(createBotFrameworkAuthentication(auth)), handler: async (ctx) => void seen.push(ctx.activity.text) });
    const serviceUrl = "https://smba.trafficmanager.net/emea/";
    const activity = { type: "message", text: "signed", channelId: "msteams", serviceUrl, conversation: { id: "c1" }, from: { id: "u1" }, recipient: { id: "b1" } };
    const token = await issuer.mintChannelToken({ appId: APP, serviceUrl });

    const withToken = await server.inject({ method: "POST", url: "/api/messages", payload: activity, headers: { authorization: `Bearer ${token}` } });
    const without = await server.inject({ method: "POST", url: "/api/messages", payload: { ...activity, text: "unsigned" } });

    expect([withToken.statusCode, without.statusCode]).toEqual([200, 401]);
    expect(seen).toEqual(["signed"]);
    await server.close();
    await issuer.close();
  });

  it("uses botbuilder's public-cloud defaults unless an endpoint is overridden", async () => {
    const auth = await buildBotAuthentication(parseTeamsAuthConfig({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_PASSWORD: "s", MICROSOFT_APP_TENANT_ID: "t" }));
    expect(auth.options).toEqual({});
    expect(auth.warnings).toEqual([]);
    expect(await auth.credentialsFactory.isValidAppId(APP)).toBe(true);
    expect(await auth.credentialsFactory.isAuthenticationDisabled()).toBe(false);
  });
});

const hasOpenssl = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

// Certificates are generated per run rather than committed, so no private key ever sits in the repository.
describe.skipIf(!hasOpenssl)("bot certificate", () => {
  let dir: string;
  const makeCert = (name: string, days: number) => {
    const cert = join(dir, `${name}.crt`);
    const key = join(dir, `${name}.key`);
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", String(days), "-subj", `/CN=${name}`], { stdio: "ignore" });
    return { cert, key };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bot-cert-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads certificate and key from one PEM and computes the SHA-1 thumbprint without openssl", async () => {
    const { cert, key } = makeCert("combined", 365);
    const combined = join(dir, "combined.pem");
    writeFileSync(combined, readFileSync(cert, "utf8") + readFileSync(key, "utf8"));
    const expected = execFileSync("openssl", ["x509", "-in", cert, "-noout", "-fingerprint", "-sha1"], { encoding: "utf8" }).replace(/^.*=/, "").replace(/:/g, "").trim();

    const loaded = await loadBotCertificate(combined);

    expect(loaded.thumbprint).toBe(expected);
    expect(loaded.certificatePem).toContain("BEGIN CERTIFICATE");
    expect(loaded.privateKeyPem).toContain("PRIVATE KEY");
  });

  it("refuses a key that belongs to another certificate, and a missing file", async () => {
    const a = makeCert("a", 365);
    const b = makeCert("b", 365);

    await expect(loadBotCertificate(a.cert, b.key)).rejects.toMatchObject({ code: ErrorCodes.CONFIG_INVALID, issues: [{ field: "MICROSOFT_APP_CERTIFICATE_KEY_PATH" }] });
    await expect(loadBotCertificate(join(dir, "nope.pem"))).rejects.toMatchObject({ code: ErrorCodes.CONFIG_INVALID, issues: [{ field: "MICROSOFT_APP_CERTIFICATE_PATH" }] });
  });

  it("builds certificate credentials and warns when the certificate expires within 30 days", async () => {
    const { cert, key } = makeCert("soon", 10);
    const auth = await buildBotAuthentication(
      parseTeamsAuthConfig({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_TENANT_ID: "t", MICROSOFT_APP_CERTIFICATE_PATH: cert, MICROSOFT_APP_CERTIFICATE_KEY_PATH: key }),
    );

    expect(await auth.credentialsFactory.isValidAppId(APP)).toBe(true);
    expect(auth.warnings).toEqual([expect.stringContaining("expires")]);
  });
});
