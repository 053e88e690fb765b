import { z } from "zod/v4";
import { ConfigurationError, ErrorCodes } from "../core/errors.js";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => ["true", "1", "yes"].includes(v));

/** Core settings from the environment. Channel and Graph settings have their own schemas next to their code. */
export const CoreEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  POLICY_FILE: z.string().min(1).default("config/policy.yaml"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  STORE: z.enum(["lowdb", "memory"]).default("lowdb"),
  /** Load the demo organisation into an empty store (default: on unless production). */
  DEMO_SEED: bool.optional(),
  /** The `application` of audit records: the governed system. */
  AUDIT_APPLICATION: z.string().min(1).default("EntraID-Prod"),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Croner pattern (with seconds) of the safety-net sweep for expiry, reminders and escalations. */
  SCHEDULER_PATTERN: z.string().min(9).default("*/30 * * * * *"),
  /** croner pattern (with seconds) of the catalogue sync from Graph; it also runs once at start-up. */
  CATALOG_SYNC_PATTERN: z.string().min(9).default("0 15 * * * *"),
  /** `tenant` of catalogue entries the directory does not tag with one. */
  CATALOG_TENANT_CODE: z.string().min(1).max(40).default("DEFAULT"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});
export type CoreEnv = z.infer<typeof CoreEnvSchema>;

/** Parses a zod schema over the environment; problems name each variable and what it allows. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, what: string): z.infer<S> {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(clean);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n");
  throw new ConfigurationError(ErrorCodes.CONFIG_INVALID, `Invalid ${what} configuration:\n${lines}`, { issues: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) });
}
