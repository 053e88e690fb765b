import { describeFakeTenantEnv } from "./describe-env.js";
import { startFakeTenant } from "./server.js";

/** `npm run fake-tenant`: the fake Entra tenant on its own, for the bot, the CLI and manual testing. */
const port = Number(process.env.FAKE_TENANT_PORT ?? 3979);
const tenant = await startFakeTenant({
  port,
  host: process.env.FAKE_TENANT_HOST ?? "127.0.0.1",
  token: process.env.FAKE_TENANT_TOKEN || undefined,
  provisioningDelayMs: process.env.FAKE_TENANT_PROVISIONING_DELAY_MS ? Number(process.env.FAKE_TENANT_PROVISIONING_DELAY_MS) : undefined,
  validateResponses: process.env.FAKE_TENANT_VALIDATE_RESPONSES === "true",
});
console.log(`Fake Entra tenant listening at ${tenant.url}`);
console.log("Point the bot at it with:");
for (const line of describeFakeTenantEnv(tenant)) console.log(`  ${line}`);
const stop = () => {
  void tenant.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
