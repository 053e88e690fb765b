import type { Policy } from "../../policy/schema.js";
import type { AuditLog } from "../../ports/audit.js";
import type { Clock } from "../../ports/clock.js";
import type { IdGenerator } from "../../ports/ids.js";
import type { Logger } from "../../ports/logger.js";
import type { Store } from "../../ports/store.js";
import type { Journal } from "./journal.js";

/** What every use case needs. Built once by the composition root (src/main.ts) or by a test. */
export interface CoreDeps {
  store: Store;
  audit: AuditLog;
  journal: Journal;
  clock: Clock;
  ids: IdGenerator;
  policy: Policy;
  logger: Logger;
  /** The `application` field of audit records (the governed system, e.g. "EntraID-Prod"). */
  application: string;
}
