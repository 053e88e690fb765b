import type { TokenCredential } from "@azure/identity";
import type { GraphConfig } from "../config.js";

/**
 * The Entra credential for the configured mode. @azure/identity is loaded only here, on first use:
 * it costs more than a second to import, which the dev-token mode (fake tenant, tests) never needs.
 */
export async function credentialFor(config: GraphConfig): Promise<TokenCredential> {
  const auth = config.auth;
  const identity = await import("@azure/identity");
  const options = config.authorityHost ? { authorityHost: config.authorityHost } : {};
  switch (auth.kind) {
    case "clientSecret":
      return new identity.ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret, options);
    case "clientCertificate":
      return new identity.ClientCertificateCredential(auth.tenantId, auth.clientId, auth.certificatePath, options);
    case "managedIdentity":
      return auth.clientId ? new identity.ManagedIdentityCredential({ clientId: auth.clientId }) : new identity.ManagedIdentityCredential();
    case "devToken":
      throw new Error("the dev-token mode has no Entra credential");
  }
}
