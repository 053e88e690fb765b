import { z } from "zod/v4";
import { parseEnv } from "../../config/env.js";
import { parseTeamsAuthConfig, type TeamsAuthConfig } from "./auth/config.js";

/**
 * Teams channel settings beyond bot authentication (auth/config.ts):
 * - TEAMS_APP_ID          the app's id in the manifest; also its id in the Teams app catalogue unless
 * - TEAMS_CATALOG_APP_ID  says otherwise (apps published to an org catalogue get a generated id there),
 *                         used to install the app for a user through Graph before a first 1:1 message;
 * - TEAMS_SERVICE_URL     Bot Connector URL for people the bot has never heard from (no stored reference
 *                         in their tenant yet); defaults to the public-cloud URL when authenticated;
 * - TEAMS_TENANT_ID       tenant of people the bot has never heard from, when MICROSOFT_APP_TENANT_ID is
 *                         not set (anonymous development, e.g. the Agents Playground's mock tenant);
 * - TEAMS_ENABLED=false   switches the channel off even when its settings are present.
 */
export const PUBLIC_SERVICE_URL = "https://smba.trafficmanager.net/teams/";

const TeamsEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  MICROSOFT_APP_ID: z.string().optional(),
  TEAMS_ENABLED: z.enum(["true", "false", "1", "0"]).optional(),
  TEAMS_APP_ID: z.uuid().optional(),
  TEAMS_CATALOG_APP_ID: z.string().trim().min(1).max(100).optional(),
  TEAMS_SERVICE_URL: z.url({ protocol: /^https?$/ }).optional(),
  TEAMS_TENANT_ID: z.string().trim().min(1).max(100).optional(),
});

export interface TeamsChannelConfig {
  auth: TeamsAuthConfig;
  /** Id to install through Graph; undefined means the bot can only reach people who talked to it. */
  catalogAppId?: string;
  /** Where to open conversations with people not seen before; undefined in anonymous mode unless set. */
  defaultServiceUrl?: string;
  /** Tenant whose activities are accepted; undefined (anonymous development) accepts any. */
  tenantId?: string;
  /** Tenant in which to open chats with people never seen: the bot's own, or TEAMS_TENANT_ID in development. */
  homeTenantId?: string;
}

/**
 * Whether the environment asks for the Teams channel: an app id is configured, or this is local
 * development (where it runs anonymously so `npm start` and the Agents Playground work).
 */
export function teamsWanted(env: NodeJS.ProcessEnv, nodeEnv: string): boolean {
  const e = parseEnv(TeamsEnvSchema, env, "Teams");
  if (e.TEAMS_ENABLED === "false" || e.TEAMS_ENABLED === "0") return false;
  return !!e.MICROSOFT_APP_ID || nodeEnv === "development";
}

export function parseTeamsChannelConfig(env: NodeJS.ProcessEnv): TeamsChannelConfig {
  const e = parseEnv(TeamsEnvSchema, env, "Teams");
  const auth = parseTeamsAuthConfig(env);
  return {
    auth,
    catalogAppId: e.TEAMS_CATALOG_APP_ID ?? e.TEAMS_APP_ID,
    defaultServiceUrl: e.TEAMS_SERVICE_URL ?? (auth.mode === "authenticated" ? PUBLIC_SERVICE_URL : undefined),
    tenantId: auth.mode === "authenticated" ? auth.tenantId : undefined,
    homeTenantId: auth.mode === "authenticated" ? auth.tenantId : e.TEAMS_TENANT_ID,
  };
}
