/**
 * One bot of the Teams approval bench, in its own process so that its event loop is not shared with the
 * fake Bot Connector, the fake tenant or the driver (in production those are Microsoft's servers).
 *
 *   tsx bench/support/teams-bot-process.ts pim|bare
 *
 * Reads its configuration from the environment, prints one JSON line `{"url": …}` when it listens, and
 * exits when stdin closes.
 */
import type { InvokeResponse, TurnContext } from "botbuilder";
import { ActivityTypes } from "botbuilder";
import Fastify from "fastify";
import { buildBotAuthentication } from "../../src/channels/teams/auth/bot-authentication.js";
import { parseTeamsAuthConfig } from "../../src/channels/teams/auth/config.js";
import { createTeamsAdapter } from "../../src/channels/teams/auth/teams-adapter.js";
import { registerBotEndpoint } from "../../src/channels/teams/connector/register-bot-endpoint.js";
import { buildDemoOrg } from "../../src/demo/org.js";
import { startApp } from "../../src/runtime/app.js";

/** What the bare handler does for one approval, handed to it in the action data (it has no store). */
export interface BareWork {
  copies: { conversationId: string; activityId: string }[];
  graphPath: string;
  graphBody: Record<string, unknown>;
}

const STATIC_CARD = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "Approved." }] };

async function startPim(env: NodeJS.ProcessEnv): Promise<{ url: string; close: () => Promise<void> }> {
  const org = buildDemoOrg({ now: new Date(env.BENCH_ORG_NOW as string) });
  const app = await startApp(env, { org });
  return { url: app.url, close: () => app.close() };
}

/**
 * The baseline: the same endpoint and TeamsAdapter (authentication on), a handler that answers the invoke
 * with a fixed card and then, as any handler must after the answer, POSTs the schedule request to Graph
 * and updates every copy in parallel. No policy, store, audit, outbox or rate limiter.
 */
async function startBare(env: NodeJS.ProcessEnv): Promise<{ url: string; close: () => Promise<void> }> {
  const auth = await buildBotAuthentication(parseTeamsAuthConfig(env));
  const adapter = createTeamsAdapter(auth);
  const appId = env.MICROSOFT_APP_ID as string;
  const graph = { url: env.GRAPH_BASE_URL as string, token: env.FAKE_TENANT_TOKEN as string };
  const server = Fastify({ logger: false });
  registerBotEndpoint(server, {
    adapter,
    handler: async (context: TurnContext) => {
      const response: InvokeResponse = { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: STATIC_CARD } };
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
      const work = (context.activity.value as { action: { data: { bare: BareWork } } }).action.data.bare;
      const serviceUrl = context.activity.serviceUrl;
      const attachments = [{ contentType: "application/vnd.microsoft.card.adaptive", content: STATIC_CARD }];
      setImmediate(() => {
        void Promise.all([
          fetch(`${graph.url}${work.graphPath}`, { method: "POST", headers: { authorization: `Bearer ${graph.token}`, "content-type": "application/json" }, body: JSON.stringify(work.graphBody) }).then((r) => r.text()),
          ...work.copies.map((c) => {
            const conversation = { id: c.conversationId, isGroup: false, conversationType: "personal", name: "" };
            return adapter.continueConversationAsync(appId, { serviceUrl, channelId: "msteams", conversation }, async (ctx) => {
              await ctx.updateActivity({ type: ActivityTypes.Message, id: c.activityId, conversation, attachments });
            });
          }),
        ]).catch((e: unknown) => console.error("bare handler failed", e));
      });
    },
  });
  const url = await server.listen({ host: "127.0.0.1", port: 0 });
  return { url, close: () => server.close() };
}

const mode = process.argv[2];
if (mode !== "pim" && mode !== "bare") throw new Error("usage: teams-bot-process.ts pim|bare");
const bot = mode === "pim" ? await startPim(process.env) : await startBare(process.env);
process.stdout.write(`${JSON.stringify({ url: bot.url })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void bot.close().finally(() => process.exit(0));
});
