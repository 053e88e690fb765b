import { describe, expect, it } from "vitest";
import { ANONYMOUS_WARNING, parseTeamsAuthConfig, PUBLIC_CLOUD } from "../../../src/channels/teams/auth/config.js";
import { ConfigurationError, ErrorCodes } from "../../../src/core/errors.js";

const singleTenant = { MICROSOFT_APP_ID: "app-1", MICROSOFT_APP_PASSWORD: "secret", MICROSOFT_APP_TENANT_ID: "tenant-1" };

function problems(env: Record<string, string | undefined>): string[] {
  try {
    parseTeamsAuthConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).code).toBe(ErrorCodes.CONFIG_INVALID);
    return (err as ConfigurationError).issues.map((i) => i.field);
  }
  throw new Error("expected the configuration to be refused");
}

describe("Teams auth configuration", () => {
  it("reads a SingleTenant bot with a client secret on the public cloud", () => {
    expect(parseTeamsAuthConfig({ ...singleTenant, NODE_ENV: "production" })).toEqual({
      mode: "authenticated",
      appId: "app-1",
      tenantId: "tenant-1",
      credential: { type: "password", password: "secret" },
      endpoints: { ...PUBLIC_CLOUD, custom: false },
    });
  });

  it("reads a certificate, optionally with the key in its own file", () => {
    const config = parseTeamsAuthConfig({ ...singleTenant, MICROSOFT_APP_PASSWORD: "", MICROSOFT_APP_CERTIFICATE_PATH: "/run/secrets/bot.pem", MICROSOFT_APP_CERTIFICATE_KEY_PATH: "/run/secrets/bot.key" });
    expect(config).toMatchObject({ credential: { type: "certificate", certificatePath: "/run/secrets/bot.pem", privateKeyPath: "/run/secrets/bot.key" } });
  });

  it("reads a user-assigned managed identity, whatever the case of the app type", () => {
    const config = parseTeamsAuthConfig({ MICROSOFT_APP_ID: "mi-client-id", MICROSOFT_APP_TENANT_ID: "tenant-1", MICROSOFT_APP_TYPE: "UserAssignedMsi" });
    expect(config).toMatchObject({ mode: "authenticated", credential: { type: "managedIdentity" } });
  });

  it("points token checks and the token endpoint at a local issuer outside production", () => {
    const config = parseTeamsAuthConfig({
      ...singleTenant,
      NODE_ENV: "development",
      BOT_OPENID_METADATA_URL: "http://127.0.0.1:4010/.well-known/openid-configuration",
      BOT_LOGIN_URL: "http://127.0.0.1:4010/",
    });
    expect(config.endpoints).toEqual({
      openIdMetadataUrl: "http://127.0.0.1:4010/.well-known/openid-configuration",
      tokenIssuer: PUBLIC_CLOUD.tokenIssuer,
      loginUrl: "http://127.0.0.1:4010",
      oauthScope: PUBLIC_CLOUD.oauthScope,
      custom: true,
    });
  });

  it("runs anonymously without an app id outside production, with a warning to log", () => {
    expect(parseTeamsAuthConfig({ NODE_ENV: "development" })).toMatchObject({ mode: "anonymous", warning: ANONYMOUS_WARNING });
    expect(parseTeamsAuthConfig({})).toMatchObject({ mode: "anonymous" });
  });

  it("refuses anonymous mode in production", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual(["MICROSOFT_APP_ID"]);
  });

  it("refuses a secret without an app id rather than silently running anonymously", () => {
    expect(problems({ MICROSOFT_APP_PASSWORD: "secret" })).toEqual(["MICROSOFT_APP_ID"]);
  });

  it("refuses plain-http overrides in production", () => {
    expect(problems({ ...singleTenant, NODE_ENV: "production", BOT_OPENID_METADATA_URL: "http://issuer.local/.well-known/openid-configuration", BOT_LOGIN_URL: "http://issuer.local" })).toEqual([
      "BOT_OPENID_METADATA_URL",
      "BOT_LOGIN_URL",
    ]);
  });

  it.each([
    ["a missing tenant", { ...singleTenant, MICROSOFT_APP_TENANT_ID: undefined }, ["MICROSOFT_APP_TENANT_ID"]],
    ["no credential", { ...singleTenant, MICROSOFT_APP_PASSWORD: undefined }, ["MICROSOFT_APP_PASSWORD"]],
    ["both a secret and a certificate", { ...singleTenant, MICROSOFT_APP_CERTIFICATE_PATH: "/x.pem" }, ["MICROSOFT_APP_PASSWORD"]],
    ["MultiTenant, which can no longer be created", { ...singleTenant, MICROSOFT_APP_TYPE: "MultiTenant" }, ["MICROSOFT_APP_TYPE"]],
    ["a managed identity with a secret", { ...singleTenant, MICROSOFT_APP_TYPE: "UserAssignedMSI" }, ["MICROSOFT_APP_TYPE"]],
    ["a certificate with a custom login URL", { ...singleTenant, MICROSOFT_APP_PASSWORD: undefined, MICROSOFT_APP_CERTIFICATE_PATH: "/x.pem", BOT_LOGIN_URL: "https://login.example" }, ["BOT_LOGIN_URL"]],
    ["a login URL that is not http(s)", { ...singleTenant, BOT_LOGIN_URL: "ftp://login.example" }, ["BOT_LOGIN_URL"]],
  ])("refuses %s", (_what, env, fields) => {
    expect(problems(env)).toEqual(fields);
  });
});
