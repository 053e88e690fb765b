import type { TokenCredential } from "@azure/identity";
import type { AuthenticationProvider } from "@microsoft/microsoft-graph-client";
import { ErrorCodes, ProvisioningError } from "../../../core/errors.js";
import type { GraphConfig } from "../config.js";
import { credentialFor } from "./credential.js";

/**
 * Graph SDK auth provider over an @azure/identity credential. The scope follows the configured host,
 * so a national cloud asks its own token service for its own audience.
 */
export class TokenCredentialAuthProvider implements AuthenticationProvider {
  private readonly scope: string;
  private credential?: Promise<TokenCredential>;
  constructor(
    private readonly source: TokenCredential | (() => Promise<TokenCredential>),
    baseUrl: string,
  ) {
    this.scope = `${new URL(baseUrl).origin}/.default`;
  }

  async getAccessToken(): Promise<string> {
    let token;
    try {
      this.credential ??= typeof this.source === "function" ? this.source() : Promise.resolve(this.source);
      // The credential caches and refreshes tokens itself; asking per request is cheap.
      token = await (await this.credential).getToken(this.scope);
    } catch (e) {
      this.credential = undefined; // a failed construction is retried on the next call
      // The identity library's message can include endpoint details but never the secret; keep only its name.
      throw new ProvisioningError(ErrorCodes.UNAUTHENTICATED, "Could not obtain a Microsoft Graph token", true, {
        cause: e instanceof Error ? e.name : "unknown",
      });
    }
    if (!token) throw new ProvisioningError(ErrorCodes.UNAUTHENTICATED, "The credential returned no Graph token", true);
    return token.token;
  }
}

/** Fixed bearer for the fake tenant; config loading already refused it in production. */
export class StaticTokenAuthProvider implements AuthenticationProvider {
  constructor(private readonly token: string) {}
  getAccessToken(): Promise<string> {
    return Promise.resolve(this.token);
  }
}

export function authProviderFor(config: GraphConfig, credential?: TokenCredential): AuthenticationProvider {
  if (config.auth.kind === "devToken") return new StaticTokenAuthProvider(config.auth.token);
  return new TokenCredentialAuthProvider(credential ?? (() => credentialFor(config)), config.baseUrl);
}
