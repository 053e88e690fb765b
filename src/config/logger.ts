import pino, { type Logger as PinoLogger } from "pino";

/**
 * Paths pino censors in every log line: credentials must never reach logs, whatever object a
 * caller happens to log (request headers, config, errors carrying request options).
 */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-slack-signature']",
  "headers.authorization",
  "headers.Authorization",
  "authorization",
  "*.authorization",
  "*.Authorization",
  "token",
  "*.token",
  "*.*.token",
  "accessToken",
  "*.accessToken",
  "access_token",
  "*.access_token",
  "secret",
  "*.secret",
  "*.*.secret",
  "clientSecret",
  "*.clientSecret",
  "password",
  "*.password",
  "signingSecret",
  "*.signingSecret",
  "botToken",
  "*.botToken",
  "appToken",
  "*.appToken",
  "MICROSOFT_APP_PASSWORD",
  "*.MICROSOFT_APP_PASSWORD",
  "AZURE_CLIENT_SECRET",
  "*.AZURE_CLIENT_SECRET",
  "SLACK_BOT_TOKEN",
  "*.SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "*.SLACK_SIGNING_SECRET",
];

export function createLogger(level: string, destination?: pino.DestinationStream): PinoLogger {
  return pino(
    {
      level,
      base: { service: "pim-chatops" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
