import type { DemoOrg } from "../../../demo/org.js";

export const DEFAULT_FAKE_TENANT_TOKEN = "fake-tenant-dev-token";
/** App id owning the governance extension attributes in the fake (set GRAPH_GOVERNANCE_EXTENSION_APP_ID to it). */
export const FAKE_EXTENSION_APP_ID = "5f1e0c2a9b7d4e3f8a6b1c0d2e3f4a5b";

export interface FakeTenantOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** The organisation to serve; defaults to `buildDemoOrg({ now: now() })`. */
  org?: DemoOrg;
  now?: () => Date;
  /** Bearer token clients must present. */
  token?: string;
  /** Seeds the fault RNG and generated ids. */
  seed?: number;
  extensionAppId?: string;
  /** Schedule requests report PendingProvisioning and their instance appears after this long (real time). */
  provisioningDelayMs?: number;
  /** Or: new instances stay hidden for this many instance-list reads (deterministic, for tests). */
  visibleAfterReads?: number;
  /** PIM policy of the fake: longest eligible and active schedules. */
  policy?: { maxEligibleMs?: number; maxActiveMs?: number };
  /** Check the fake's own answers against Graph's schema (a non-conforming answer becomes a 500). */
  validateResponses?: boolean;
  pageSize?: number;
}
