import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/config/logger.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
  return { logger: createLogger("debug", stream), lines };
}

describe("log redaction", () => {
  it("never writes authorization headers, tokens or secrets", () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { authorization: "Bearer eyJhbGciOi.secret.sig" } } }, "incoming");
    logger.info({ config: { clientSecret: "s3cr3t-value", signingSecret: "slack-signing", botToken: "xoxb-123" } }, "config");
    logger.info({ token: "raw-token", auth: { token: "nested-token" } }, "tokens");
    logger.info({ env: { MICROSOFT_APP_PASSWORD: "bot-pass", AZURE_CLIENT_SECRET: "az-secret", SLACK_BOT_TOKEN: "xoxb-9" } }, "env");
    const all = lines.join("");
    for (const secret of ["eyJhbGciOi", "s3cr3t-value", "slack-signing", "xoxb-123", "raw-token", "nested-token", "bot-pass", "az-secret", "xoxb-9"]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain("[redacted]");
  });
});
