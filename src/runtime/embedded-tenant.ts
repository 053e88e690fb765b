import { z } from "zod/v4";
import { startFakeTenant } from "../adapters/graph/fake/index.js";
import type { Clock } from "../core/ports/clock.js";
import type { DemoOrg } from "../demo/org.js";
import { parseEnv } from "../config/env.js";

const FakeTenantEnv = z.object({ FAKE_TENANT_PORT: z.coerce.number().int().min(0).max(65535).default(3979) });

export interface EmbeddedTenant {
  url: string;
  token: string;
  extensionAppId: string;
  close(): Promise<void>;
}

/** Starts the fake Entra tenant in this process, on loopback only, serving the same demo organisation. */
export async function launchEmbeddedTenant(env: NodeJS.ProcessEnv, d: { clock: Clock; org?: DemoOrg }): Promise<EmbeddedTenant> {
  const { FAKE_TENANT_PORT } = parseEnv(FakeTenantEnv, env, "fake tenant");
  const fake = await startFakeTenant({ port: FAKE_TENANT_PORT, host: "127.0.0.1", org: d.org, now: () => d.clock.now() });
  return { url: fake.url, token: fake.token, extensionAppId: fake.extensionAppId, close: () => fake.close() };
}
