import { z } from "zod/v4";
import { ConfigurationError, ErrorCodes, type FieldIssue } from "../../core/errors.js";

export const DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";

/** Public Graph hosts: a static dev token must never be sent to any of them. */
const MICROSOFT_GRAPH_HOSTS = new Set([
  "graph.microsoft.com",
  "graph.microsoft.us",
  "dod-graph.microsoft.us",
  "microsoftgraph.chinacloudapi.cn",
]);

export type GraphAuthConfig =
  | { kind: "clientSecret"; tenantId: string; clientId: string; clientSecret: string }
  | { kind: "clientCertificate"; tenantId: string; clientId: string; certificatePath: string }
  | { kind: "managedIdentity"; clientId?: string }
  | { kind: "devToken"; token: string };

export interface GraphConfig {
  /** Version root, e.g. `https://graph.microsoft.com/v1.0`; national clouds and the fake tenant differ only here. */
  baseUrl: string;
  auth: GraphAuthConfig;
  /** Sovereign clouds sign in elsewhere (e.g. `https://login.microsoftonline.us`). */
  authorityHost?: string;
  /**
   * App id (32 hex, no dashes) owning the directory extension attributes that carry the governance
   * flags on groups (`extension_<appId>_privileged`, …). Without it, catalogue sync falls back to name patterns.
   */
  governanceExtensionAppId?: string;
  requestTimeoutMs: number;
}

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const nonEmpty = z.string().trim().min(1).optional().or(z.literal("").transform(() => undefined));

const EnvSchema = z.object({
  GRAPH_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .transform((v) => (v ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, "")),
  AZURE_TENANT_ID: nonEmpty,
  AZURE_CLIENT_ID: nonEmpty,
  AZURE_CLIENT_SECRET: nonEmpty,
  AZURE_CLIENT_CERTIFICATE_PATH: nonEmpty,
  AZURE_USE_MANAGED_IDENTITY: flag,
  AZURE_AUTHORITY_HOST: z.url({ protocol: /^https$/ }).optional(),
  FAKE_TENANT_TOKEN: nonEmpty,
  NODE_ENV: z.string().optional(),
  GRAPH_GOVERNANCE_EXTENSION_APP_ID: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, "must be the owning app id without dashes (32 hex characters)")
    .optional(),
  GRAPH_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).optional(),
});

type Env = z.infer<typeof EnvSchema>;

/**
 * Reads the Graph settings from the environment. Exactly one way to authenticate must be configured,
 * so that a forgotten variable never silently selects a weaker mode.
 */
export function loadGraphConfig(env: Record<string, string | undefined> = process.env): GraphConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ field: i.path.join(".") || "env", message: i.message })));
  }
  const e = parsed.data;
  const baseUrl = e.GRAPH_BASE_URL;
  const versionSegment = new URL(baseUrl).pathname.split("/").filter(Boolean).pop();
  if (!versionSegment) {
    throw invalid([{ field: "GRAPH_BASE_URL", message: "must end with the API version, e.g. https://graph.microsoft.com/v1.0" }]);
  }
  const auth = resolveAuth(e, baseUrl);
  return {
    baseUrl,
    auth,
    authorityHost: e.AZURE_AUTHORITY_HOST,
    governanceExtensionAppId: e.GRAPH_GOVERNANCE_EXTENSION_APP_ID?.toLowerCase(),
    requestTimeoutMs: e.GRAPH_REQUEST_TIMEOUT_MS ?? 30_000,
  };
}

function resolveAuth(e: Env, baseUrl: string): GraphAuthConfig {
  const chosen = [
    e.FAKE_TENANT_TOKEN ? "FAKE_TENANT_TOKEN" : undefined,
    e.AZURE_USE_MANAGED_IDENTITY ? "AZURE_USE_MANAGED_IDENTITY" : undefined,
    e.AZURE_CLIENT_CERTIFICATE_PATH ? "AZURE_CLIENT_CERTIFICATE_PATH" : undefined,
    e.AZURE_CLIENT_SECRET ? "AZURE_CLIENT_SECRET" : undefined,
  ].filter((x): x is string => x !== undefined);
  if (chosen.length === 0) {
    throw invalid([{ field: "AZURE_CLIENT_SECRET", message: "no Graph credential: set AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_USE_MANAGED_IDENTITY=true (or FAKE_TENANT_TOKEN for the fake tenant)" }]);
  }
  if (chosen.length > 1) {
    throw invalid([{ field: chosen[1] as string, message: `only one Graph credential may be configured, found ${chosen.join(" and ")}` }]);
  }
  if (e.FAKE_TENANT_TOKEN) {
    if (e.NODE_ENV === "production") {
      throw invalid([{ field: "FAKE_TENANT_TOKEN", message: "the static dev token is refused when NODE_ENV=production" }]);
    }
    if (MICROSOFT_GRAPH_HOSTS.has(new URL(baseUrl).hostname.toLowerCase())) {
      throw invalid([{ field: "FAKE_TENANT_TOKEN", message: "the static dev token is only for the fake tenant, not for Microsoft Graph" }]);
    }
    return { kind: "devToken", token: e.FAKE_TENANT_TOKEN };
  }
  if (e.AZURE_USE_MANAGED_IDENTITY) {
    // AZURE_CLIENT_ID selects a user-assigned identity; absent means the system-assigned one.
    return { kind: "managedIdentity", clientId: e.AZURE_CLIENT_ID };
  }
  const tenantId = e.AZURE_TENANT_ID;
  const clientId = e.AZURE_CLIENT_ID;
  const missing: FieldIssue[] = [];
  if (!tenantId) missing.push({ field: "AZURE_TENANT_ID", message: "required with a client secret or certificate" });
  if (!clientId) missing.push({ field: "AZURE_CLIENT_ID", message: "required with a client secret or certificate" });
  if (!tenantId || !clientId) throw invalid(missing);
  if (e.AZURE_CLIENT_CERTIFICATE_PATH) {
    return { kind: "clientCertificate", tenantId, clientId, certificatePath: e.AZURE_CLIENT_CERTIFICATE_PATH };
  }
  return { kind: "clientSecret", tenantId, clientId, clientSecret: e.AZURE_CLIENT_SECRET as string };
}

function invalid(issues: FieldIssue[]): ConfigurationError {
  return new ConfigurationError(
    ErrorCodes.CONFIG_INVALID,
    `Graph configuration is invalid: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`,
    { issues },
  );
}

/** A loggable view of the configuration: which mode and where, never a secret or token. */
export function describeGraphConfig(config: GraphConfig): Record<string, unknown> {
  const auth = config.auth;
  const redacted =
    auth.kind === "clientSecret"
      ? { kind: auth.kind, tenantId: auth.tenantId, clientId: auth.clientId, clientSecret: "[redacted]" }
      : auth.kind === "clientCertificate"
        ? { kind: auth.kind, tenantId: auth.tenantId, clientId: auth.clientId, certificatePath: auth.certificatePath }
        : auth.kind === "managedIdentity"
          ? { kind: auth.kind, clientId: auth.clientId ?? "(system-assigned)" }
          : { kind: auth.kind, token: "[redacted]" };
  return {
    baseUrl: config.baseUrl,
    auth: redacted,
    authorityHost: config.authorityHost,
    governanceExtensionAppId: config.governanceExtensionAppId,
    requestTimeoutMs: config.requestTimeoutMs,
  };
}
