import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackChannel } from "../../../src/channels/slack/index.js";
import { ErrorCodes } from "../../../src/core/errors.js";
import type { ChannelContext } from "../../../src/runtime/app.js";
import { channelsFromEnv } from "../../../src/runtime/channels.js";
import { SLACK_SIGNING_SECRET } from "../../acceptance/slack-driver.js";
import { startSlackWorld, type SlackWorld } from "./support/slack-world.js";

describe("Slack channel module", () => {
  let s: SlackWorld;
  let ctx: (env: Record<string, string>) => ChannelContext;
  beforeAll(async () => {
    s = await startSlackWorld();
    const app = s.w.app;
    ctx = (env) => ({ deps: app.deps, env, config: app.config, logger: app.logger, graph: app.graph });
  });
  afterAll(async () => {
    await s?.close();
  });

  const slackEnv = () => ({ SLACK_BOT_TOKEN: s.slack.botToken, SLACK_SIGNING_SECRET, SLACK_API_URL: s.slack.apiUrl });

  it("is built by channelsFromEnv when Slack's env is set, and serves POST /slack/events with signature checks", async () => {
    expect(s.w.app.channels.map((c) => c.name)).toEqual(["slack"]);
    const unsigned = await fetch(`${s.w.app.url}/slack/events`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(unsigned.status).toBe(401);
    const replayed = await s.sender.slashCommand({ userId: s.user("requester"), text: "help" }, { timestamp: new Date(s.w.clock.now().getTime() - 6 * 60_000) });
    expect(replayed.status).toBe(401);
  });

  it("stays off without Slack's env", async () => {
    expect(await createSlackChannel(ctx({}))).toBeUndefined();
    expect(await channelsFromEnv(ctx({}))).toEqual([]);
  });

  it("refuses half a configuration, naming what is missing", async () => {
    await expect(createSlackChannel(ctx({ SLACK_BOT_TOKEN: s.slack.botToken }))).rejects.toMatchObject({ code: ErrorCodes.CONFIG_INVALID, message: expect.stringContaining("SLACK_SIGNING_SECRET") });
  });

  it("warns when no security channel is set", async () => {
    const module = await createSlackChannel(ctx(slackEnv()));
    expect(module?.warnings?.join(" ")).toMatch(/SLACK_SECURITY_CHANNEL/);
    await module?.stop?.();
  });

  it("mounts no HTTP route in Socket Mode", async () => {
    const module = await createSlackChannel(ctx({ ...slackEnv(), SLACK_APP_TOKEN: "xapp-1-A0PIMAPP01-1-test" }));
    expect(module?.name).toBe("slack");
    const server = Fastify();
    await module!.register(server);
    const res = await server.inject({ method: "POST", url: "/slack/events", payload: {} });
    expect(res.statusCode).toBe(404);
    await server.close();
    await module?.stop?.();
  });
});
