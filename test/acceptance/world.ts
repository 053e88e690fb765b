import { startFakeTenant, type FakeTenant } from "../../src/adapters/graph/fake/index.js";
import type { AccessRequest } from "../../src/core/domain/request.js";
import type { ReviewItem } from "../../src/core/domain/review.js";
import { buildDemoOrg, type DemoOrg } from "../../src/demo/org.js";
import { startApp, type App, type ChannelContext } from "../../src/runtime/app.js";
import type { ChannelModule } from "../../src/runtime/channel-module.js";
import { FakeClock } from "../support/fake-clock.js";
import type { ChannelDriver, PersonaKey } from "./driver.js";
import { PERSONAS } from "./personas.js";

/** What a channel contributes to an acceptance world: its fakes, its env, its module and its driver. */
export interface ChannelKit {
  name: "teams" | "slack";
  /** Start the channel's fakes (connector, token issuer / fake Slack) for this org. */
  startFakes(org: DemoOrg): Promise<{ env: Record<string, string>; close(): Promise<void> }>;
  /** Build the channel module from the running app's context (the production factory, fed the env above). */
  channels?(ctx: ChannelContext): Promise<ChannelModule[]>;
  /** Build the driver once the app listens. */
  driver(world: AcceptanceWorld): Promise<ChannelDriver>;
}

export interface AcceptanceWorld {
  app: App;
  tenant: FakeTenant;
  clock: FakeClock;
  org: DemoOrg;
  driver: ChannelDriver;
  humanId(who: PersonaKey): string;
  /** Runs the outbox until nothing is due: every queued provisioning and notification has happened. */
  settle(): Promise<void>;
  /** Moves time, runs the scheduler (expiry, reminders, escalation) and settles. */
  advance(minutes: number): Promise<void>;
  latestRequest(who: PersonaKey): Promise<AccessRequest>;
  latestReview(reviewer: PersonaKey): Promise<ReviewItem | undefined>;
  close(): Promise<void>;
}

export async function startWorld(kit: ChannelKit): Promise<AcceptanceWorld> {
  const clock = new FakeClock(new Date());
  const org = buildDemoOrg({ now: clock.now() });
  PERSONAS.deputy.humanId = `hum_${org.entitlements.find((e) => e.code === "AZZ-RBAC-PAY-NONPROD-Contributor")?.deputyStaffId}`;
  const tenant = await startFakeTenant({ port: 0, org, now: () => clock.now() });
  const fakes = await kit.startFakes(org);
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "test",
    STORE: "memory",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DEMO_SEED: "true",
    GRAPH_BASE_URL: tenant.url,
    FAKE_TENANT_TOKEN: tenant.token,
    GRAPH_GOVERNANCE_EXTENSION_APP_ID: tenant.extensionAppId,
    ...fakes.env,
  };
  const app = await startApp(env, { clock, org, manualJobs: true, channels: kit.channels });
  const world: AcceptanceWorld = {
    app,
    tenant,
    clock,
    org,
    driver: undefined as unknown as ChannelDriver,
    humanId: (who) => PERSONAS[who].humanId,
    async settle() {
      for (let i = 0; i < 50; i++) {
        await app.worker.drain();
        const now = clock.now().getTime();
        const due = (await app.deps.store.find("outbox")).filter((j) => (j.state === "pending" || j.state === "running") && Date.parse(j.runAt) <= now);
        if (due.length === 0) return;
      }
      throw new Error("outbox did not settle");
    },
    async advance(minutes) {
      clock.advanceMinutes(minutes);
      await app.scheduler.sweep();
      await world.settle();
    },
    async latestRequest(who) {
      const mine = await app.deps.store.find("requests", { requesterHumanId: PERSONAS[who].humanId });
      const last = mine.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).at(-1);
      if (!last) throw new Error(`${who} has no request`);
      return last;
    },
    async latestReview(reviewer) {
      const items = await app.deps.store.find("reviews", { reviewerHumanId: PERSONAS[reviewer].humanId });
      return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
    },
    async close() {
      await app.close();
      await fakes.close();
      await tenant.close();
    },
  };
  world.driver = await kit.driver(world);
  return world;
}
