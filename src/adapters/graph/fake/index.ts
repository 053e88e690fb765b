export { startFakeTenant, type FakeTenant } from "./server.js";
export { DEFAULT_FAKE_TENANT_TOKEN, FAKE_EXTENSION_APP_ID, type FakeTenantOptions } from "./options.js";
export type { FaultRuleInput } from "./faults/fault-rule.js";
export type { LoggedRequest } from "./pipeline/request-log.js";
export { describeFakeTenantEnv } from "./describe-env.js";
