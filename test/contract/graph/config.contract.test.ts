import { describe, expect, it } from "vitest";
import { describeGraphConfig, loadGraphConfig } from "../../../src/adapters/graph/config.js";

const secretEnv = { AZURE_TENANT_ID: "8d3f2b1e-5c4a-4e7b-9f60-2a1b3c4d5e6f", AZURE_CLIENT_ID: "0f0e0d0c-0b0a-4090-8070-605040302010", AZURE_CLIENT_SECRET: "s3cr3t~value" };

describe("Graph configuration from the environment", () => {
  it("defaults to the global Graph v1.0 endpoint with a client secret", () => {
    const c = loadGraphConfig(secretEnv);
    expect(c.baseUrl).toBe("https://graph.microsoft.com/v1.0");
    expect(c.auth).toEqual({ kind: "clientSecret", tenantId: secretEnv.AZURE_TENANT_ID, clientId: secretEnv.AZURE_CLIENT_ID, clientSecret: "s3cr3t~value" });
    expect(c.requestTimeoutMs).toBe(30_000);
  });

  it("takes a national cloud from GRAPH_BASE_URL and its authority host", () => {
    const c = loadGraphConfig({ ...secretEnv, GRAPH_BASE_URL: "https://graph.microsoft.us/v1.0/", AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us" });
    expect([c.baseUrl, c.authorityHost]).toEqual(["https://graph.microsoft.us/v1.0", "https://login.microsoftonline.us"]);
  });

  it("supports a certificate and managed identity (system- or user-assigned)", () => {
    const { AZURE_CLIENT_SECRET: _drop, ...ids } = secretEnv;
    expect(loadGraphConfig({ ...ids, AZURE_CLIENT_CERTIFICATE_PATH: "/run/secrets/graph.pem" }).auth).toMatchObject({ kind: "clientCertificate", certificatePath: "/run/secrets/graph.pem" });
    expect(loadGraphConfig({ AZURE_USE_MANAGED_IDENTITY: "true" }).auth).toEqual({ kind: "managedIdentity", clientId: undefined });
    expect(loadGraphConfig({ AZURE_USE_MANAGED_IDENTITY: "true", AZURE_CLIENT_ID: ids.AZURE_CLIENT_ID }).auth).toEqual({ kind: "managedIdentity", clientId: ids.AZURE_CLIENT_ID });
  });

  it("refuses no credential and more than one, naming the variables", () => {
    expect(() => loadGraphConfig({})).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(() => loadGraphConfig({ ...secretEnv, AZURE_USE_MANAGED_IDENTITY: "true" })).toThrow(/AZURE_USE_MANAGED_IDENTITY and AZURE_CLIENT_SECRET/);
    expect(() => loadGraphConfig({ AZURE_CLIENT_SECRET: "x" })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ field: "AZURE_TENANT_ID" }), expect.objectContaining({ field: "AZURE_CLIENT_ID" })] }));
  });

  it("allows the dev token only for the fake tenant and never in production", () => {
    expect(loadGraphConfig({ GRAPH_BASE_URL: "http://127.0.0.1:3979/v1.0", FAKE_TENANT_TOKEN: "dev" }).auth).toEqual({ kind: "devToken", token: "dev" });
    expect(() => loadGraphConfig({ GRAPH_BASE_URL: "http://127.0.0.1:3979/v1.0", FAKE_TENANT_TOKEN: "dev", NODE_ENV: "production" })).toThrow(/refused when NODE_ENV=production/);
    expect(() => loadGraphConfig({ FAKE_TENANT_TOKEN: "dev" })).toThrow(/only for the fake tenant/);
  });

  it("rejects a base URL without a version and a malformed extension app id", () => {
    expect(() => loadGraphConfig({ ...secretEnv, GRAPH_BASE_URL: "https://graph.microsoft.com" })).toThrow(/must end with the API version/);
    expect(() => loadGraphConfig({ ...secretEnv, GRAPH_GOVERNANCE_EXTENSION_APP_ID: "not-hex" })).toThrow(/GRAPH_GOVERNANCE_EXTENSION_APP_ID/);
  });

  it("describes itself without secrets", () => {
    const described = JSON.stringify(describeGraphConfig(loadGraphConfig(secretEnv)));
    expect(described).not.toContain("s3cr3t~value");
    expect(described).toContain("[redacted]");
    const dev = JSON.stringify(describeGraphConfig(loadGraphConfig({ GRAPH_BASE_URL: "http://localhost:3979/v1.0", FAKE_TENANT_TOKEN: "tok-123" })));
    expect(dev).not.toContain("tok-123");
  });
});
