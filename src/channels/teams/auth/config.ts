import { z } from "zod/v4";
import { ConfigurationError, ErrorCodes, type FieldIssue } from "../../../core/errors.js";

/**
 * How the Teams bot proves who it is and checks who calls it, read from the environment.
 *
 * Production: a SingleTenant app registration with a client secret or a certificate, or a
 * user-assigned managed identity. The Bot Framework public-cloud endpoints are used unless overridden.
 *
 * Overrides (national clouds, and local dev/tests against test/fakes/token-issuer):
 * - BOT_OPENID_METADATA_URL  OpenID metadata whose JWKS signs channel→bot tokens
 * - BOT_TOKEN_ISSUER         expected `iss` of channel→bot tokens
 * - BOT_LOGIN_URL            authority host for the bot's outgoing tokens; `/<tenant>/oauth2/v2.0/token` is appended
 * - BOT_OAUTH_SCOPE          audience of the bot's outgoing tokens
 * Outside production they may be plain http (a local issuer); in production they must be https.
 *
 * Without MICROSOFT_APP_ID the bot runs anonymously (botbuilder skips all token checks). That is only
 * accepted when NODE_ENV is not "production", and the caller gets a warning to log.
 */
export const TEAMS_AUTH_ENV = {
  nodeEnv: "NODE_ENV",
  appId: "MICROSOFT_APP_ID",
  appPassword: "MICROSOFT_APP_PASSWORD",
  certificatePath: "MICROSOFT_APP_CERTIFICATE_PATH",
  certificateKeyPath: "MICROSOFT_APP_CERTIFICATE_KEY_PATH",
  tenantId: "MICROSOFT_APP_TENANT_ID",
  appType: "MICROSOFT_APP_TYPE",
  openIdMetadataUrl: "BOT_OPENID_METADATA_URL",
  tokenIssuer: "BOT_TOKEN_ISSUER",
  loginUrl: "BOT_LOGIN_URL",
  oauthScope: "BOT_OAUTH_SCOPE",
} as const;

/** Bot Framework public-cloud values, the defaults for anything not overridden. */
export const PUBLIC_CLOUD = {
  openIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration",
  tokenIssuer: "https://api.botframework.com",
  loginUrl: "https://login.microsoftonline.com",
  oauthScope: "https://api.botframework.com",
} as const;

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());
const text = z.string().optional().transform(blankToUndefined);
const httpUrl = text.pipe(z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")).optional());

export const teamsAuthEnvSchema = z.object({
  NODE_ENV: text,
  MICROSOFT_APP_ID: text,
  MICROSOFT_APP_PASSWORD: text,
  /** PEM file with the certificate, and its private key unless MICROSOFT_APP_CERTIFICATE_KEY_PATH names another file. */
  MICROSOFT_APP_CERTIFICATE_PATH: text,
  MICROSOFT_APP_CERTIFICATE_KEY_PATH: text,
  MICROSOFT_APP_TENANT_ID: text,
  /** SingleTenant (default) or UserAssignedMSI, case-insensitive. MultiTenant bots can no longer be created. */
  MICROSOFT_APP_TYPE: text.pipe(
    z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(["singletenant", "userassignedmsi"], { error: "must be SingleTenant or UserAssignedMSI" }))
      .optional(),
  ),
  BOT_OPENID_METADATA_URL: httpUrl,
  BOT_TOKEN_ISSUER: text,
  BOT_LOGIN_URL: httpUrl,
  BOT_OAUTH_SCOPE: text,
});

export type TeamsAuthEnv = z.output<typeof teamsAuthEnvSchema>;

/** Where tokens come from and go to; `custom` is false when every value is the public-cloud default. */
export interface BotEndpoints {
  openIdMetadataUrl: string;
  tokenIssuer: string;
  /** Authority host without tenant, e.g. https://login.microsoftonline.com. */
  loginUrl: string;
  oauthScope: string;
  custom: boolean;
}

export type BotCredential =
  | { type: "password"; password: string }
  | { type: "certificate"; certificatePath: string; privateKeyPath: string | undefined }
  | { type: "managedIdentity" };

export type TeamsAuthConfig =
  | { mode: "anonymous"; endpoints: BotEndpoints; warning: string }
  | { mode: "authenticated"; appId: string; tenantId: string; credential: BotCredential; endpoints: BotEndpoints };

export const ANONYMOUS_WARNING =
  "Teams bot authentication is DISABLED (no MICROSOFT_APP_ID): anyone who can reach /api/messages can act as any user. Local development only.";

/** Parses and cross-checks the environment; throws ConfigurationError (CONFIG_INVALID) listing every problem. */
export function parseTeamsAuthConfig(env: Record<string, string | undefined>): TeamsAuthConfig {
  const parsed = teamsAuthEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? "env"), message: i.message })));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const issues: FieldIssue[] = [];
  const endpoints = resolveEndpoints(e, production, issues);

  if (!e.MICROSOFT_APP_ID) {
    if (production) issues.push({ field: TEAMS_AUTH_ENV.appId, message: "is required when NODE_ENV=production (anonymous mode is for local development only)" });
    for (const field of [TEAMS_AUTH_ENV.appPassword, TEAMS_AUTH_ENV.certificatePath, TEAMS_AUTH_ENV.tenantId] as const) {
      // A secret without an app id is almost certainly a typo in the app id variable, not a wish to run anonymously.
      if (e[field]) issues.push({ field: TEAMS_AUTH_ENV.appId, message: `is empty although ${field} is set` });
    }
    if (issues.length > 0) throw invalid(issues);
    return { mode: "anonymous", endpoints, warning: ANONYMOUS_WARNING };
  }

  if (!e.MICROSOFT_APP_TENANT_ID) issues.push({ field: TEAMS_AUTH_ENV.tenantId, message: "is required for SingleTenant and UserAssignedMSI bots" });
  const credential = resolveCredential(e, endpoints, issues);
  if (issues.length > 0 || !credential || !e.MICROSOFT_APP_TENANT_ID) throw invalid(issues);
  return { mode: "authenticated", appId: e.MICROSOFT_APP_ID, tenantId: e.MICROSOFT_APP_TENANT_ID, credential, endpoints };
}

function resolveEndpoints(e: TeamsAuthEnv, production: boolean, issues: FieldIssue[]): BotEndpoints {
  const endpoints = {
    openIdMetadataUrl: e.BOT_OPENID_METADATA_URL ?? PUBLIC_CLOUD.openIdMetadataUrl,
    tokenIssuer: e.BOT_TOKEN_ISSUER ?? PUBLIC_CLOUD.tokenIssuer,
    loginUrl: e.BOT_LOGIN_URL ?? PUBLIC_CLOUD.loginUrl,
    oauthScope: e.BOT_OAUTH_SCOPE ?? PUBLIC_CLOUD.oauthScope,
  };
  if (production) {
    for (const [field, value] of [[TEAMS_AUTH_ENV.openIdMetadataUrl, e.BOT_OPENID_METADATA_URL], [TEAMS_AUTH_ENV.loginUrl, e.BOT_LOGIN_URL]] as const) {
      if (value?.startsWith("http:")) issues.push({ field, message: "must use https when NODE_ENV=production" });
    }
  }
  const custom = (Object.keys(endpoints) as (keyof typeof endpoints)[]).some((k) => endpoints[k] !== PUBLIC_CLOUD[k]);
  return { ...endpoints, custom };
}

function resolveCredential(e: TeamsAuthEnv, endpoints: BotEndpoints, issues: FieldIssue[]): BotCredential | undefined {
  const customLogin = endpoints.loginUrl !== PUBLIC_CLOUD.loginUrl;
  if (e.MICROSOFT_APP_TYPE === "userassignedmsi") {
    if (e.MICROSOFT_APP_PASSWORD || e.MICROSOFT_APP_CERTIFICATE_PATH) {
      issues.push({ field: TEAMS_AUTH_ENV.appType, message: "UserAssignedMSI takes no MICROSOFT_APP_PASSWORD or certificate" });
    }
    if (customLogin) issues.push({ field: TEAMS_AUTH_ENV.loginUrl, message: "cannot be combined with UserAssignedMSI (the managed identity endpoint decides)" });
    return { type: "managedIdentity" };
  }
  if (e.MICROSOFT_APP_PASSWORD && e.MICROSOFT_APP_CERTIFICATE_PATH) {
    issues.push({ field: TEAMS_AUTH_ENV.appPassword, message: "set either MICROSOFT_APP_PASSWORD or MICROSOFT_APP_CERTIFICATE_PATH, not both" });
    return undefined;
  }
  if (e.MICROSOFT_APP_CERTIFICATE_PATH) {
    // botbuilder's certificate credentials always ask login.microsoftonline.com; an override would be silently ignored.
    if (customLogin) issues.push({ field: TEAMS_AUTH_ENV.loginUrl, message: "is only supported with MICROSOFT_APP_PASSWORD, not with a certificate" });
    return { type: "certificate", certificatePath: e.MICROSOFT_APP_CERTIFICATE_PATH, privateKeyPath: e.MICROSOFT_APP_CERTIFICATE_KEY_PATH };
  }
  if (e.MICROSOFT_APP_PASSWORD) return { type: "password", password: e.MICROSOFT_APP_PASSWORD };
  issues.push({ field: TEAMS_AUTH_ENV.appPassword, message: "a SingleTenant bot needs MICROSOFT_APP_PASSWORD or MICROSOFT_APP_CERTIFICATE_PATH" });
  return undefined;
}

function invalid(issues: FieldIssue[]): ConfigurationError {
  return new ConfigurationError(
    ErrorCodes.CONFIG_INVALID,
    `Teams bot authentication is misconfigured: ${issues.map((i) => `${i.field} ${i.message}`).join("; ")}`,
    { issues },
  );
}
