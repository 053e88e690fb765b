import { describe, expect, it } from "vitest";
import { ErrorCodes, PimError } from "../../../src/core/errors.js";
import { loadSlackConfig } from "../../../src/channels/slack/transport/config.js";

function failure(env: Record<string, string | undefined>): PimError {
  try {
    loadSlackConfig(env);
  } catch (e) {
    if (e instanceof PimError) return e;
    throw e;
  }
  throw new Error("expected a configuration error");
}

describe("loadSlackConfig", () => {
  it("leaves Slack off when no Slack credential is set", () => {
    expect(loadSlackConfig({})).toEqual({ enabled: false });
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "  " })).toEqual({ enabled: false });
  });

  it("turns Slack on in HTTP mode with the default API URL", () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s3cret" })).toEqual({
      enabled: true,
      botToken: "xoxb-1",
      signingSecret: "s3cret",
      apiUrl: "https://slack.com/api/",
    });
  });

  it("keeps the optional settings and adds the trailing slash the WebClient needs", () => {
    const config = loadSlackConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s3cret",
      SLACK_API_URL: "http://127.0.0.1:4000/api",
      SLACK_APP_TOKEN: "xapp-1-A",
      SLACK_SECURITY_CHANNEL: "C0SECURITY1",
    });
    expect(config).toMatchObject({ apiUrl: "http://127.0.0.1:4000/api/", appToken: "xapp-1-A", securityChannel: "C0SECURITY1" });
  });

  it("names the missing signing secret when only the bot token is set", () => {
    const e = failure({ SLACK_BOT_TOKEN: "xoxb-1" });
    expect(e.code).toBe(ErrorCodes.CONFIG_INVALID);
    expect(e.issues.map((i) => i.field)).toEqual(["SLACK_SIGNING_SECRET"]);
    expect(e.message).toContain("SLACK_SIGNING_SECRET");
  });

  it("names the missing bot token when only the signing secret is set", () => {
    expect(failure({ SLACK_SIGNING_SECRET: "s3cret" }).issues.map((i) => i.field)).toEqual(["SLACK_BOT_TOKEN"]);
  });

  it("treats an app token alone as a half configuration", () => {
    expect(failure({ SLACK_APP_TOKEN: "xapp-1" }).issues.map((i) => i.field)).toEqual(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]);
  });

  it("refuses tokens of the wrong kind and channel names instead of ids", () => {
    const e = failure({ SLACK_BOT_TOKEN: "xoxp-user", SLACK_SIGNING_SECRET: "s", SLACK_APP_TOKEN: "xoxb-2", SLACK_SECURITY_CHANNEL: "#security" });
    expect(e.issues.map((i) => i.field).sort()).toEqual(["SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SECURITY_CHANNEL"]);
  });
});
