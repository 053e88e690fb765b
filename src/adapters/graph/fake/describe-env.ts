/** The environment that points the Graph adapter at a running fake tenant. */
export function describeFakeTenantEnv(t: { url: string; token: string; extensionAppId: string }): string[] {
  return [`GRAPH_BASE_URL=${t.url}`, `FAKE_TENANT_TOKEN=${t.token}`, `GRAPH_GOVERNANCE_EXTENSION_APP_ID=${t.extensionAppId}`];
}
