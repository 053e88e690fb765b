import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from "botframework-connector";
import { DeliveryError, ErrorCodes } from "../../../core/errors.js";

/**
 * Outgoing bot tokens by OAuth2 client credentials against a configurable token endpoint, with plain fetch.
 *
 * Why not botbuilder's PasswordServiceClientCredentialFactory: it goes through msal-node, which refuses any
 * authority that is not https ("authority_uri_insecure"), so it cannot talk to a local token issuer; and
 * its token cache is a process-wide static keyed only by app id + scope, so two environments in one process
 * (two tests, two token issuers) would hand each other's tokens around. This factory keeps its own cache.
 */
export interface ClientSecretCredentialsOptions {
  appId: string;
  clientSecret: string;
  /** Full token endpoint, e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token. */
  tokenEndpoint: string;
  fetch?: typeof fetch;
  /** Milliseconds since epoch; compared with the endpoint's `expires_in`. */
  now?: () => number;
}

/** What botbuilder's connector needs (signRequest) plus getToken, which teams-ai's attachment downloader calls. */
export interface BotTokenCredentials extends ServiceClientCredentials {
  getToken(forceRefresh?: boolean): Promise<string>;
}

type WebResource = Parameters<ServiceClientCredentials["signRequest"]>[0];

interface CachedToken {
  accessToken: string;
  /** Renew from here on, well before expiry, so a request never leaves with a token that dies in flight. */
  renewAt: number;
}

const RENEW_BEFORE_MS = 5 * 60_000;

export class ClientSecretCredentialsFactory extends ServiceClientCredentialsFactory {
  readonly #opts: Required<Omit<ClientSecretCredentialsOptions, "fetch" | "now">>;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #cache = new Map<string, CachedToken>();
  readonly #inFlight = new Map<string, Promise<CachedToken>>();

  constructor(opts: ClientSecretCredentialsOptions) {
    super();
    this.#opts = { appId: opts.appId, clientSecret: opts.clientSecret, tokenEndpoint: opts.tokenEndpoint };
    this.#fetch = opts.fetch ?? fetch;
    this.#now = opts.now ?? Date.now;
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.#opts.appId;
  }

  override async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  override async createCredentials(appId: string, audience: string | undefined): Promise<BotTokenCredentials> {
    if (appId !== this.#opts.appId) {
      throw new DeliveryError(ErrorCodes.UNAUTHENTICATED, `Cannot create credentials for app ${appId}: this bot is ${this.#opts.appId}.`, true);
    }
    const scope = toScope(audience ?? "https://api.botframework.com");
    const getToken = (forceRefresh = false) => this.#token(scope, forceRefresh);
    return {
      getToken,
      async signRequest(webResource: WebResource): Promise<WebResource> {
        webResource.headers.set("Authorization", `Bearer ${await getToken()}`);
        return webResource;
      },
    };
  }

  /** Never serialise the secret (botbuilder logs some objects it holds). */
  toJSON(): Record<string, string> {
    return { name: "ClientSecretCredentialsFactory", appId: this.#opts.appId, tokenEndpoint: this.#opts.tokenEndpoint };
  }

  async #token(scope: string, forceRefresh: boolean): Promise<string> {
    const cached = this.#cache.get(scope);
    if (!forceRefresh && cached && cached.renewAt > this.#now()) return cached.accessToken;
    // One request per scope at a time: a burst of sends after expiry must not stampede the token endpoint.
    let pending = this.#inFlight.get(scope);
    if (!pending) {
      pending = this.#request(scope).finally(() => this.#inFlight.delete(scope));
      this.#inFlight.set(scope, pending);
    }
    const fresh = await pending;
    this.#cache.set(scope, fresh);
    return fresh.accessToken;
  }

  async #request(scope: string): Promise<CachedToken> {
    const requestedAt = this.#now();
    let res: Response;
    try {
      res = await this.#fetch(this.#opts.tokenEndpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: this.#opts.appId,
          client_secret: this.#opts.clientSecret,
          scope,
        }),
      });
    } catch (err) {
      throw new DeliveryError(ErrorCodes.UNAUTHENTICATED, `Token endpoint ${this.#opts.tokenEndpoint} is unreachable.`, false, { cause: String(err) });
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!res.ok || typeof body.access_token !== "string") {
      // 400/401 mean the app id, secret or scope is wrong: retrying cannot help until someone fixes the config.
      throw new DeliveryError(
        ErrorCodes.UNAUTHENTICATED,
        `The bot could not get a token for ${scope}: ${res.status} ${typeof body.error === "string" ? body.error : ""}`.trim(),
        res.status === 400 || res.status === 401,
        { status: res.status, error: body.error },
      );
    }
    const expiresIn = Number(body.expires_in);
    const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000;
    // Short-lived tokens (tests, some sovereign clouds) are renewed at half-life instead of 5 minutes early.
    return { accessToken: body.access_token, renewAt: requestedAt + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2) };
  }
}

function toScope(audience: string): string {
  return audience.endsWith("/.default") ? audience : `${audience.replace(/\/+$/, "")}/.default`;
}
