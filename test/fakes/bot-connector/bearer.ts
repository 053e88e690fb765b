import { createRemoteJWKSet, jwtVerify } from "jose";

/**
 * Checks the token the bot sends to the Bot Connector the way the real one does: signed by the token
 * issuer, meant for the Bot Framework (`aud`), and obtained by the bot's own app id.
 */
export interface BearerCheckOptions {
  jwksUri: string;
  /** Accepted `iss` prefix: the token issuer's base URL (tenant-specific issuers live under it). */
  issuerBase: string;
  audience: string;
  botAppId: string;
}

export type BearerVerdict = { ok: true; appId: string; tenantId: string | undefined } | { ok: false; reason: string };

export function createBearerCheck(opts: BearerCheckOptions): (authorization: string | undefined) => Promise<BearerVerdict> {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUri));
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match?.[1]) return { ok: false, reason: "missing bearer token" };
    try {
      const { payload } = await jwtVerify(match[1], jwks, { audience: opts.audience, algorithms: ["RS256"] });
      if (typeof payload.iss !== "string" || !payload.iss.startsWith(`${opts.issuerBase}/`)) {
        return { ok: false, reason: `unexpected issuer ${String(payload.iss)}` };
      }
      const appId = (payload.azp ?? payload.appid) as string | undefined;
      if (appId !== opts.botAppId) return { ok: false, reason: `token belongs to ${String(appId)}, not the bot` };
      return { ok: true, appId, tenantId: payload.tid as string | undefined };
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
  };
}
