import { Application } from "@microsoft/teams-ai";
import { MemoryStorage, type TurnContext } from "botbuilder";
import Fastify, { type FastifyInstance } from "fastify";
import { buildBotAuthentication } from "../../../src/channels/teams/auth/bot-authentication.js";
import { parseTeamsAuthConfig } from "../../../src/channels/teams/auth/config.js";
import { createTeamsAdapter } from "../../../src/channels/teams/auth/teams-adapter.js";
import { registerBotEndpoint } from "../../../src/channels/teams/connector/register-bot-endpoint.js";
import type { Logger } from "../../../src/core/ports/logger.js";
import { startFakeBotConnector, type FakeBotConnector, type FakeBotConnectorOptions } from "../../fakes/bot-connector/index.js";
import { startTokenIssuer, type TokenIssuer } from "../../fakes/token-issuer/index.js";

export const BOT_APP_ID = "11111111-2222-3333-4444-555555555555";
export const BOT_SECRET = "local-test-secret";
export const BOT_TENANT = "contoso-tenant";

/** A log that keeps what was written, so tests can check what an operator would see. */
export function recordingLogger(): Logger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, ...(msg ? { msg } : {}) });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export interface TeamsHarness {
  issuer: TokenIssuer;
  connector: FakeBotConnector;
  server: FastifyInstance;
  app: Application;
  adapter: ReturnType<typeof createTeamsAdapter>;
  log: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

/**
 * The whole transport, authentication ON: local token issuer, fake Bot Connector, and a teams-ai
 * Application on a TeamsAdapter mounted on Fastify through registerBotEndpoint. `configure` adds routes.
 */
export async function startTeamsHarness(
  configure: (app: Application) => void,
  connectorOptions: Partial<FakeBotConnectorOptions> = {},
): Promise<TeamsHarness> {
  const issuer = await startTokenIssuer({ clients: { [BOT_APP_ID]: BOT_SECRET } });
  const auth = await buildBotAuthentication(
    parseTeamsAuthConfig({
      NODE_ENV: "test",
      MICROSOFT_APP_ID: BOT_APP_ID,
      MICROSOFT_APP_PASSWORD: BOT_SECRET,
      MICROSOFT_APP_TENANT_ID: BOT_TENANT,
      BOT_OPENID_METADATA_URL: issuer.openIdMetadataUrl,
      BOT_TOKEN_ISSUER: issuer.issuer,
      BOT_LOGIN_URL: issuer.loginUrl,
    }),
  );
  const adapter = createTeamsAdapter(auth);
  const app = new Application({ adapter, botAppId: BOT_APP_ID, storage: new MemoryStorage(), startTypingTimer: false });
  configure(app);

  const log = recordingLogger();
  const server = Fastify({ logger: false });
  registerBotEndpoint(server, { adapter, handler: (context: TurnContext) => app.run(context).then(() => undefined), logger: log });
  const base = await server.listen({ host: "127.0.0.1", port: 0 });

  const connector = await startFakeBotConnector({ tokenIssuer: issuer, botAppId: BOT_APP_ID, botEndpoint: `${base}/api/messages`, tenantId: BOT_TENANT, ...connectorOptions });
  return {
    issuer,
    connector,
    server,
    app,
    adapter,
    log,
    close: async () => {
      await server.close();
      await connector.close();
      await issuer.close();
    },
  };
}
