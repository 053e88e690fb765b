import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse } from "yaml";
import { ChatFlows } from "../src/channels/shared/chat-flows.js";
import { buildDemoOrg, DEMO_TENANT_ID } from "../src/demo/org.js";
import { startApp, type App } from "../src/runtime/app.js";

/**
 * Runs the bot and the Microsoft 365 Agents Playground side by side, offline:
 *
 *   npm run playground [-- --no-demo]
 *
 * The bot starts on embedded defaults (anonymous Teams auth with its loud warning, the embedded fake
 * Entra tenant with the demo organisation, an in-memory store), then `agentsplayground start` points at
 * it with its mock connector on 127.0.0.1. Identities come from .m365agentsplayground.yml (checked here
 * against the demo organisation). Unless --no-demo, two things happen at start so the current user
 * (Marcus Lindqvist) has something to act on: Jane Smith requests AZZ-RBAC-PAY-NONPROD-Contributor (Marcus
 * approves it) and Ken Watanabe uses break-glass (Marcus reviews it). Set TEAMSAPPTESTER_BROWSER=none on a
 * machine without a browser and open the printed URL yourself.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const PLAYGROUND_CONFIG = join(ROOT, ".m365agentsplayground.yml");
const BOT_PORT = 3978;
const PLAYGROUND_PORT = 56150;
const CONNECTOR_URL = `http://127.0.0.1:${PLAYGROUND_PORT}/_connector`;

/** The environment the bot runs with; anything already set in `base` wins. */
export function playgroundEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "development",
    STORE: "memory",
    HOST: "127.0.0.1",
    PORT: String(BOT_PORT),
    LOG_LEVEL: "info",
    // The mock connector: where the bot opens 1:1 chats with people it never heard from.
    TEAMS_SERVICE_URL: CONNECTOR_URL,
    TEAMS_TENANT_ID: DEMO_TENANT_ID,
    // Any id works for the fake tenant's app catalogue; it makes the bot install itself via Graph first.
    TEAMS_APP_ID: "00000000-0000-4000-8000-00000000a001",
    ...base,
    // Anonymous bot auth is what the Playground speaks; refuse to mix in real credentials by accident.
    MICROSOFT_APP_ID: "",
    MICROSOFT_APP_PASSWORD: "",
    MICROSOFT_APP_TENANT_ID: "",
  };
}

interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
}

/** Every Playground user must be a demo person under their staff account's object id, or the bot will not know them. */
export async function checkPlaygroundConfig(path = PLAYGROUND_CONFIG): Promise<string[]> {
  const config = parse(await readFile(path, "utf8")) as { tenantId?: string; currentUser: PlaygroundUser; users: PlaygroundUser[] };
  const org = buildDemoOrg({ now: new Date(0) });
  const problems: string[] = [];
  if (config.tenantId !== DEMO_TENANT_ID) problems.push(`tenantId must be the demo tenant ${DEMO_TENANT_ID}`);
  for (const u of [config.currentUser, ...config.users]) {
    const human = org.humans.find((h) => h.email === u.email);
    const staff = human && org.identities.find((i) => i.humanId === human.id && i.type === "staff");
    if (!staff) problems.push(`${u.name} <${u.email}> is not in the demo organisation`);
    else if (staff.objectId !== u.aadObjectId || u.id !== u.aadObjectId) problems.push(`${u.name}: id and aadObjectId must both be ${staff.objectId}`);
  }
  return problems;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolvePort, reject) => {
    const attempt = () => {
      const socket = connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.end();
        resolvePort();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 250);
      });
    };
    attempt();
  });
}

function startPlayground(env: NodeJS.ProcessEnv): ChildProcess {
  const cli = join(dirname(createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/package.json")), "cli.js");
  const args = ["start", "-e", `http://127.0.0.1:${BOT_PORT}/api/messages`, "-c", "msteams", "-p", String(PLAYGROUND_PORT), "--su", CONNECTOR_URL, "--dt"];
  return spawn(process.execPath, [cli, ...args], {
    cwd: ROOT,
    stdio: "inherit",
    env: {
      ...env,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
      // Its default log file is ./devTools/…: keep it with the other local data, out of the repository.
      M365_AGENTS_PLAYGROUND_LOGFILE: env.M365_AGENTS_PLAYGROUND_LOGFILE ?? join(ROOT, "data", "playground", "m365agentsplayground.log"),
    },
  });
}

/** Two things for the current user to act on, through the same flows a chat message would use. */
async function seedDemo(app: App): Promise<void> {
  const flows = new ChatFlows(app.deps);
  const jane = await app.deps.store.get("humans", "hum_12345");
  const ken = await app.deps.store.get("humans", "hum_12348");
  if (!jane || !ken) throw new Error("the demo organisation is not loaded");
  const request = await flows.command(jane, 'request "AZZ-RBAC-PAY-NONPROD-Contributor" 2h CHG-12345 deploy the payments reconciliation fix to non-production', "teams");
  const emergency = await flows.command(ken, 'emergency "Exchange Administrator" INC-40123 90m mail flow is down for all users', "teams");
  for (const [what, reply] of [["Jane's request", request], ["Ken's emergency", emergency]] as const) {
    app.logger.info({ reply: reply.type === "request" ? reply.note : reply }, `playground demo: ${what}`);
  }
}

async function main(): Promise<void> {
  const problems = await checkPlaygroundConfig();
  if (problems.length > 0) {
    console.error(`.m365agentsplayground.yml does not match the demo organisation:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  const env = playgroundEnv(process.env);
  const app = await startApp(env);
  const playground = startPlayground(env);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    playground.kill("SIGTERM");
    await app.close().catch((e: unknown) => console.error(e));
    process.exit(code);
  };
  playground.once("exit", (code) => {
    if (!stopping) console.error(`agentsplayground exited (${code ?? "signal"})`);
    void stop(code ?? 0);
  });
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  await waitForPort(PLAYGROUND_PORT, 60_000);
  if (!process.argv.includes("--no-demo")) await seedDemo(app);
  const url = `http://127.0.0.1:${PLAYGROUND_PORT}`;
  app.logger.info({ url, bot: `${app.url}/api/messages` }, env.TEAMSAPPTESTER_BROWSER === "none" ? `Agents Playground is ready: open ${url}` : "Agents Playground is ready");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
