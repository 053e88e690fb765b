import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startFakeTenant, type FakeTenant } from "../src/adapters/graph/fake/index.js";
import type { Entitlement } from "../src/core/domain/entitlement.js";
import type { Human } from "../src/core/domain/identity.js";
import { buildDemoOrg, type DemoOrg } from "../src/demo/org.js";
import { teamsKit, teamsUserIdOf, teamsUsersOf } from "../test/acceptance/teams-driver.js";
import { actionsOf, elementIds } from "../test/channels/teams/support/card-reader.js";
import type { ActivityJson, FakeBotConnector, FakeTeamsUser } from "../test/fakes/bot-connector/index.js";
import { printTable, summarise, type Measurement } from "./lib.js";
import type { BareWork } from "./support/teams-bot-process.js";

const ITERATIONS = 40;
const WARMUP = 5;
/**
 * Each iteration starts at least this long after the previous one, so the Teams per-conversation limits
 * (8 per 2 s, 60 per 30 s), which the bot obeys and the fake connector enforces, are not what is measured.
 */
const ITERATION_FLOOR_MS = 700;
const QUIET_MS = 150;

interface Copy {
  conversationId: string;
  activityId: string;
}
interface Bot {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Approval round trip over Teams: the real bot against a bare botbuilder invoke handler doing the same
 * external work. Each bot runs in its own process (as it would in production, where the Bot Connector and
 * Graph are Microsoft's servers); this process holds the fake Bot Connector, token issuer and fake tenant,
 * and drives both bots through the same HTTP stack with authentication on.
 *
 * - round trip: from sending the Approve invoke until the fake tenant received the provisioning POST and
 *   every posted copy of the request (manager's, owner's, deputy's and the requester's) was updated.
 * - bare: answers the invoke with a fixed card, then POSTs the schedule request to Graph and updates the
 *   same copies in parallel.
 * - pim: the core re-checks the actor's right to decide, commits the decision with its audit record
 *   (fdatasync) and outbox jobs, answers with the approver's card; the outbox worker provisions (recording
 *   the attempt and the Graph call first) and re-renders every copy.
 *
 * The two alternate call by call (the order flips every iteration) so that drift hits both alike.
 */
export default async function teamsApprovalBench(): Promise<void> {
  const now = new Date();
  const org = buildDemoOrg({ now });
  const tenant = await startFakeTenant({ port: 0, org });
  const kit = teamsKit();
  const fakes = await kit.startFakes(org);
  const connector = kit.connector();
  const dataDir = await mkdtemp(path.join(tmpdir(), "pim-bench-teams-"));
  const env = {
    ...fakes.env,
    NODE_ENV: "test", STORE: "memory", DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DEMO_SEED: "true",
    GRAPH_BASE_URL: tenant.url, FAKE_TENANT_TOKEN: tenant.token, GRAPH_GOVERNANCE_EXTENSION_APP_ID: tenant.extensionAppId, BENCH_ORG_NOW: now.toISOString(),
  };
  const [pim, bare] = await Promise.all([startBot("pim", env), startBot("bare", env)]);
  const appId = fakes.env.MICROSOFT_APP_ID as string;

  try {
    const plan = planIterations(org, WARMUP + ITERATIONS);
    const samples = { bareInvoke: [] as bigint[], pimInvoke: [] as bigint[], bareRound: [] as bigint[], pimRound: [] as bigint[] };

    for (const [n, step] of plan.entries()) {
      const started = Date.now();
      connector.botEndpoint = `${pim.url}/api/messages`;
      const pending = await pendingApproval(connector, tenant, step);
      const work: BareWork = { copies: pending.copies, graphPath: "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests", graphBody: bareGraphBody(org, step.bareSubject, step.entitlement) };
      const token = await kit.issuer().mintChannelToken({ appId, serviceUrl: connector.serviceUrl });
      const roundTrip = async (bot: Bot) => {
        const data = bot === bare ? { ...pending.action, bare: work } : pending.action;
        const value = { action: { type: "Action.Execute", verb: "approve", data }, trigger: "manual" };
        const updatesBefore = connector.updates.length;
        const graphBefore = tenant.requests.size;
        connector.botEndpoint = `${bot.url}/api/messages`;
        const t = process.hrtime.bigint();
        const res = await connector.sendToBot({ type: "invoke", name: "adaptiveCard/action", replyToId: pending.replyToId, value }, { user: step.approver, token });
        const answered = process.hrtime.bigint() - t;
        if (res.status !== 200 || (res.body as { type?: string }).type !== "application/vnd.microsoft.card.adaptive") throw new Error(`unexpected answer ${res.status} ${JSON.stringify(res.body)}`);
        await until(() => provisioningPosted(tenant, graphBefore) && pending.copies.every((c) => connector.updates.slice(updatesBefore).some((u) => u.activityId === c.activityId)));
        return { answered, round: process.hrtime.bigint() - t };
      };
      const results = new Map<Bot, Awaited<ReturnType<typeof roundTrip>>>();
      for (const bot of n % 2 === 0 ? [bare, pim] : [pim, bare]) {
        results.set(bot, await roundTrip(bot));
        await quiet(connector, tenant);
      }
      if (n >= WARMUP) {
        samples.bareInvoke.push(results.get(bare)!.answered);
        samples.bareRound.push(results.get(bare)!.round);
        samples.pimInvoke.push(results.get(pim)!.answered);
        samples.pimRound.push(results.get(pim)!.round);
      }
      const rest = ITERATION_FLOOR_MS - (Date.now() - started);
      if (rest > 0) await sleep(rest);
    }

    const rows: Measurement[] = [
      summarise("bare round trip", samples.bareRound),
      summarise("pim round trip", samples.pimRound),
      summarise("bare invoke answer", samples.bareInvoke),
      summarise("pim invoke answer", samples.pimInvoke),
    ];
    printTable(`Teams approval: ${ITERATIONS} approvals, each bot in its own process, auth on (goal: round trip ≤ 1.2× bare)`, rows, { baseline: "bare round trip", ratioOf: "p50Us" });
    console.log("round trip: Approve invoke sent → provisioning POST received by the fake tenant → all 4 posted copies (manager, owner, deputy, requester) updated.");
    const [bareInvoke, pimInvoke] = rows.slice(2);
    console.log(`invoke answer alone, pim vs bare (p50): ${(pimInvoke!.p50Us / bareInvoke!.p50Us).toFixed(2)}×`);
  } finally {
    await Promise.all([pim.stop(), bare.stop()]);
    await fakes.close();
    await tenant.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function startBot(mode: "pim" | "bare", env: Record<string, string>): Promise<Bot> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "support", "teams-bot-process.ts");
  // BENCH_CPU_PROFILE_DIR=<dir> writes a V8 CPU profile of the pim bot there (open it in Chrome DevTools).
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const prof = mode === "pim" && profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...prof, script, mode], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the ${mode} bot exited (${code}) before listening`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    stop: async () => {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface Step {
  requester: Human;
  entitlement: Entitlement;
  approver: FakeTeamsUser;
  requesterUser: FakeTeamsUser;
  /** Whom the bare handler's Graph call grants the group to (someone without it, unrelated to ours). */
  bareSubject: Human;
}

/**
 * Rotates over the non-production contributor groups (one stage: manager, owner or deputy) with the group's
 * owner approving and requesters taken round robin over their managers, so no chat is hit often.
 */
function planIterations(org: DemoOrg, count: number): Step[] {
  const groups = org.entitlements.filter((e) => e.type === "AZZ_RBAC_NONPRIV" && e.code.endsWith("NONPROD-Contributor") && e.ownerStaffId && e.target.mechanism === "pimGroup");
  if (groups.length === 0) throw new Error("the demo org has no PIM-group contributor entitlements");
  const owners = new Set(groups.flatMap((g) => [g.ownerStaffId, g.deputyStaffId]));
  const hasStaff = (h: Human) => h.active && h.staffId !== undefined && org.identities.some((i) => i.humanId === h.id && i.type === "staff");
  const byManager = new Map<string, Human[]>();
  for (const h of org.humans) {
    const manager = org.humans.find((m) => m.id === h.managerHumanId);
    if (!hasStaff(h) || owners.has(h.staffId) || !manager || owners.has(manager.staffId)) continue;
    byManager.set(manager.id, [...(byManager.get(manager.id) ?? []), h]);
  }
  const queues = [...byManager.values()];
  const requesters: Human[] = [];
  for (let round = 0; requesters.length < count && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (q[round] && requesters.length < count) requesters.push(q[round]!);
  }
  const others = org.humans.filter((h) => hasStaff(h) && !owners.has(h.staffId) && !requesters.includes(h));
  if (requesters.length < count || others.length < count) throw new Error(`the demo org has ${requesters.length} possible requesters; ${count} needed`);
  const users = new Map(teamsUsersOf(org).map((u) => [u.id, u]));
  const teamsUser = (humanId: string) => users.get(teamsUserIdOf(humanId)) ?? raise(`${humanId} has no Teams account`);
  return Array.from({ length: count }, (_, i) => {
    const entitlement = groups[i % groups.length]!;
    const owner = org.humans.find((h) => h.staffId === entitlement.ownerStaffId)!;
    return { requester: requesters[i]!, entitlement, approver: teamsUser(owner.id), requesterUser: teamsUser(requesters[i]!.id), bareSubject: others[i]! };
  });
}

function bareGraphBody(org: DemoOrg, subject: Human, entitlement: Entitlement): Record<string, unknown> {
  const staff = org.identities.find((i) => i.humanId === subject.id && i.type === "staff")!;
  if (entitlement.target.mechanism !== "pimGroup") throw new Error("not a PIM group");
  const start = new Date();
  return {
    action: "adminAssign",
    principalId: staff.objectId,
    groupId: entitlement.target.groupId,
    accessId: entitlement.target.accessId,
    justification: "bench baseline",
    scheduleInfo: { startDateTime: start.toISOString(), expiration: { type: "afterDateTime", endDateTime: new Date(start.getTime() + 2 * 3_600_000).toISOString() } },
  };
}

function provisioningPosted(tenant: FakeTenant, since: number): boolean {
  return tenant.requests.since(since).some((r) => r.method === "POST" && r.path.endsWith("assignmentScheduleRequests") && r.status < 300);
}

function cardOf(activity: ActivityJson): unknown {
  const attachments = activity.attachments as { contentType?: string; content?: unknown }[] | undefined;
  return attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")?.content;
}

/**
 * The requester asks in their chat, as in Teams; the request's cards are read from what the connector
 * received: the Approve action's data from the approver's card, and every posted copy (not measured).
 */
async function pendingApproval(connector: FakeBotConnector, tenant: FakeTenant, step: Step) {
  const before = connector.sent.length;
  const res = await connector.sendToBot({ type: "message", text: `request "${step.entitlement.code}" 2h deploy the reconciliation fix to non-production` }, { user: step.requesterUser });
  if (res.status >= 300) throw new Error(`the request message was refused: ${res.status}`);
  const approverChat = `a:personal-${step.approver.id}`;
  let action: { requestId: string; version: number } | undefined;
  let replyToId = "";
  await until(() => {
    for (const s of connector.sent.slice(before)) {
      if (s.conversationId !== approverChat) continue;
      const approve = actionsOf(cardOf(s.activity)).find((a) => a.verb === "approve");
      if (approve) {
        action = approve.data as { requestId: string; version: number };
        replyToId = s.activityId;
        return true;
      }
    }
    return false;
  }, 10_000);
  const requestId = action!.requestId;
  const copiesNow = () => {
    const seen = new Map<string, Copy>();
    for (const s of connector.sent.slice(before)) if (elementIds(cardOf(s.activity)).includes(requestId)) seen.set(s.activityId, { conversationId: s.conversationId, activityId: s.activityId });
    return [...seen.values()];
  };
  await until(() => copiesNow().length >= 4, 10_000);
  await quiet(connector, tenant);
  return { action: action!, replyToId, copies: copiesNow() };
}

/** Nothing new at the connector or the tenant for QUIET_MS: the bot has finished what the last step started. */
async function quiet(connector: FakeBotConnector, tenant: FakeTenant): Promise<void> {
  const traffic = () => connector.sent.length + connector.updates.length + tenant.requests.size;
  let last = traffic();
  let since = Date.now();
  await until(() => {
    const nowTraffic = traffic();
    if (nowTraffic !== last) {
      last = nowTraffic;
      since = Date.now();
    }
    return Date.now() - since >= QUIET_MS;
  });
}

/** Polls every millisecond: the conditions span two servers, so no single event says when both hold. */
async function until(probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(1);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function raise(message: string): never {
  throw new Error(message);
}
