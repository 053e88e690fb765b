import { z } from "zod/v4";
import { ConfigurationError, ErrorCodes, type FieldIssue } from "../../../core/errors.js";

export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/** Unset and empty are the same thing: `.env` files often carry `SLACK_APP_TOKEN=`. */
const optionalText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().optional());

export const slackEnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith("xoxb-"), {
    message: "must be a bot token (xoxb-…); user tokens (xoxp-) and app tokens (xapp-) do not work here",
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: "must be an http(s) URL such as https://slack.com/api/",
  }),
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith("xapp-"), {
    message: "must be an app-level token (xapp-…) with the connections:write scope",
  }),
  SLACK_SECURITY_CHANNEL: optionalText.refine((v) => v === undefined || /^[CG][A-Z0-9]{6,}$/.test(v), {
    message: "must be a channel ID such as C0123ABCDEF (copy it from the channel details), not a #name",
  }),
});

export type SlackConfig =
  | { enabled: false }
  | {
      enabled: true;
      botToken: string;
      signingSecret: string;
      /** Always ends with "/": the WebClient appends the method name to it. */
      apiUrl: string;
      /** Set means Socket Mode instead of the HTTP endpoint. */
      appToken?: string;
      securityChannel?: string;
    };

/**
 * Reads the Slack settings from the environment. Slack stays off when none of its credentials is set;
 * a half configuration is refused with the missing variable named, because silently running without
 * Slack would leave approvers waiting for messages that never come.
 */
export function loadSlackConfig(env: Record<string, string | undefined>): SlackConfig {
  const parsed = slackEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
    throw invalid(issues);
  }
  const v = parsed.data;
  if (!v.SLACK_BOT_TOKEN && !v.SLACK_SIGNING_SECRET && !v.SLACK_APP_TOKEN) return { enabled: false };

  if (!v.SLACK_BOT_TOKEN || !v.SLACK_SIGNING_SECRET) {
    const required = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"] as const;
    throw invalid(required.filter((name) => !v[name]).map((field) => ({ field, message: "is required when Slack is configured" })));
  }

  const apiUrl = v.SLACK_API_URL ?? DEFAULT_SLACK_API_URL;
  return {
    enabled: true,
    botToken: v.SLACK_BOT_TOKEN,
    signingSecret: v.SLACK_SIGNING_SECRET,
    apiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`,
    ...(v.SLACK_APP_TOKEN ? { appToken: v.SLACK_APP_TOKEN } : {}),
    ...(v.SLACK_SECURITY_CHANNEL ? { securityChannel: v.SLACK_SECURITY_CHANNEL } : {}),
  };
}

function invalid(issues: FieldIssue[]): ConfigurationError {
  const detail = issues.map((i) => `${i.field} ${i.message}`).join("; ");
  return new ConfigurationError(ErrorCodes.CONFIG_INVALID, `Slack configuration is incomplete or invalid: ${detail}`, { issues });
}
