import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createSigningKey } from "./signing-key.js";

/**
 * A local stand-in for the two identity services a Teams bot talks to:
 * - the Bot Framework channel token service (OpenID metadata + JWKS) that signs what the Bot Connector
 *   sends to the bot, so the bot can run with authentication ON in tests and dev;
 * - an Entra-like token endpoint (`POST /<tenant>/oauth2/v2.0/token`, client credentials) that the bot
 *   asks for its outgoing tokens, which the fake Bot Connector then validates.
 * Only node:http and jose, because `npm start` dev mode runs it too.
 */
export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

export interface TokenIssuerOptions {
  /** `iss` of channel→bot tokens and of the OpenID metadata; default the real Bot Framework issuer. */
  channelIssuer?: string;
  /** Client id → secret accepted by the token endpoint. Anything else gets 401 invalid_client. */
  clients?: Record<string, string>;
  /** Channels the signing key is endorsed for; botbuilder rejects a key not endorsed for the activity's channel. */
  endorsements?: string[];
  channelTokenTtlSeconds?: number;
  accessTokenTtlSeconds?: number;
  host?: string;
  port?: number;
  /** Milliseconds since epoch used for iat/nbf/exp. Keep it near real time: botbuilder checks exp with its own clock. */
  now?: () => number;
}

export interface ChannelTokenClaims {
  /** The bot's app id (`aud`). */
  appId: string;
  /** Must equal the activity's serviceUrl, which botbuilder compares with the `serviceurl` claim. */
  serviceUrl: string;
  /** Negative to mint an already expired token. */
  expiresInSeconds?: number;
  /** Added to (and overriding) the standard claims, e.g. `{ iss: "https://evil.example" }`. */
  extra?: Record<string, unknown>;
}

export interface AccessTokenClaims {
  clientId: string;
  tenantId: string;
  audience: string;
  expiresInSeconds?: number;
}

export interface TokenRequestRecord {
  tenantId: string;
  clientId: string | undefined;
  scope: string | undefined;
  grantType: string | undefined;
  granted: boolean;
  error?: string;
  at: Date;
}

export interface TokenIssuer {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** `iss` of channel tokens. */
  issuer: string;
  openIdMetadataUrl: string;
  jwksUri: string;
  /** Authority without tenant, to which `/<tenant>/oauth2/v2.0/token` is appended. */
  loginUrl: string;
  tokenEndpoint(tenantId: string): string;
  /** `iss` of the access tokens the token endpoint hands out for a tenant. */
  accessTokenIssuer(tenantId: string): string;
  mintChannelToken(claims: ChannelTokenClaims): Promise<string>;
  mintAccessToken(claims: AccessTokenClaims): Promise<string>;
  /** Every call to the token endpoint, granted or not, in arrival order. */
  readonly tokenRequests: readonly TokenRequestRecord[];
  close(): Promise<void>;
}

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const TENANT_METADATA_PATH = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;

export async function startTokenIssuer(opts: TokenIssuerOptions = {}): Promise<TokenIssuer> {
  const key = await createSigningKey(opts.endorsements ?? ["msteams"]);
  const channelIssuer = opts.channelIssuer ?? BOT_FRAMEWORK_ISSUER;
  const clients = new Map(Object.entries(opts.clients ?? {}));
  const now = opts.now ?? Date.now;
  const tokenRequests: TokenRequestRecord[] = [];
  let base = "";

  const seconds = () => Math.floor(now() / 1000);
  const accessTokenIssuer = (tenantId: string) => `${base}/${tenantId}/v2.0`;

  const mintAccessToken = ({ clientId, tenantId, audience, expiresInSeconds }: AccessTokenClaims) => {
    const iat = seconds();
    return key.sign({
      iss: accessTokenIssuer(tenantId),
      aud: audience,
      sub: clientId,
      azp: clientId,
      appid: clientId,
      tid: tenantId,
      ver: "2.0",
      iat,
      nbf: iat,
      exp: iat + (expiresInSeconds ?? opts.accessTokenTtlSeconds ?? 3600),
    });
  };

  const mintChannelToken = ({ appId, serviceUrl, expiresInSeconds, extra }: ChannelTokenClaims) => {
    const iat = seconds();
    const exp = iat + (expiresInSeconds ?? opts.channelTokenTtlSeconds ?? 300);
    // No `ver` claim: with `ver` plus an `appid` different from `aud`, botbuilder would treat this as a skill token.
    return key.sign({
      iss: channelIssuer,
      aud: appId,
      serviceurl: serviceUrl,
      iat: Math.min(iat, exp),
      nbf: Math.min(iat, exp),
      exp,
      ...extra,
    });
  };

  const handleTokenRequest = async (tenantId: string, req: IncomingMessage, res: ServerResponse) => {
    const form = new URLSearchParams(await readBody(req));
    const clientId = form.get("client_id") ?? undefined;
    const scope = form.get("scope") ?? undefined;
    const grantType = form.get("grant_type") ?? undefined;
    const refuse = (status: number, error: string, description: string) => {
      tokenRequests.push({ tenantId, clientId, scope, grantType, granted: false, error, at: new Date(now()) });
      sendJson(res, status, { error, error_description: description });
    };
    if (grantType !== "client_credentials") return refuse(400, "unsupported_grant_type", "Only client_credentials is supported.");
    if (!clientId || !clients.has(clientId) || clients.get(clientId) !== form.get("client_secret")) {
      return refuse(401, "invalid_client", "Unknown client or wrong client secret.");
    }
    if (!scope || !scope.endsWith("/.default")) return refuse(400, "invalid_scope", "Client credentials need a <resource>/.default scope.");
    const ttl = opts.accessTokenTtlSeconds ?? 3600;
    const accessToken = await mintAccessToken({ clientId, tenantId, audience: scope.slice(0, -"/.default".length), expiresInSeconds: ttl });
    tokenRequests.push({ tenantId, clientId, scope, grantType, granted: true, at: new Date(now()) });
    sendJson(res, 200, { token_type: "Bearer", expires_in: ttl, ext_expires_in: ttl, access_token: accessToken });
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", base).pathname;
    if (req.method === "GET" && path === "/.well-known/openid-configuration") {
      return sendJson(res, 200, {
        issuer: channelIssuer,
        jwks_uri: `${base}/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["private_key_jwt"],
      });
    }
    if (req.method === "GET" && path === "/keys") return sendJson(res, 200, { keys: [key.publicJwk] });
    const tenantMetadata = TENANT_METADATA_PATH.exec(path);
    if (req.method === "GET" && tenantMetadata?.[1]) {
      const tenantId = decodeURIComponent(tenantMetadata[1]);
      return sendJson(res, 200, {
        issuer: accessTokenIssuer(tenantId),
        jwks_uri: `${base}/keys`,
        token_endpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    const token = TOKEN_PATH.exec(path);
    if (req.method === "POST" && token?.[1]) return handleTokenRequest(decodeURIComponent(token[1]), req, res);
    sendJson(res, 404, { error: "not_found" });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => sendJson(res, 500, { error: "server_error", error_description: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const { address, port } = server.address() as AddressInfo;
  base = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;

  return {
    url: base,
    issuer: channelIssuer,
    openIdMetadataUrl: `${base}/.well-known/openid-configuration`,
    jwksUri: `${base}/keys`,
    loginUrl: base,
    tokenEndpoint: (tenantId) => `${base}/${tenantId}/oauth2/v2.0/token`,
    accessTokenIssuer,
    mintChannelToken,
    mintAccessToken,
    tokenRequests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
