import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from "@azure/identity";
import type { GraphConfig } from "../config.js";

/** The Entra credential for the configured mode; undefined in dev-token mode (the fake tenant needs none). */
export function credentialFor(config: GraphConfig): TokenCredential | undefined {
  const auth = config.auth;
  const options = config.authorityHost ? { authorityHost: config.authorityHost } : {};
  switch (auth.kind) {
    case "clientSecret":
      return new ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret, options);
    case "clientCertificate":
      return new ClientCertificateCredential(auth.tenantId, auth.clientId, auth.certificatePath, options);
    case "managedIdentity":
      return auth.clientId ? new ManagedIdentityCredential({ clientId: auth.clientId }) : new ManagedIdentityCredential();
    case "devToken":
      return undefined;
  }
}
