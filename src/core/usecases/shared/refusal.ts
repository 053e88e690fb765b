import type { PimError } from "../../errors.js";
import { auditEntry, type AuditFacts } from "./changes.js";
import type { CoreDeps } from "./deps.js";

/**
 * Records a refused attempt (someone acting without the right to) and throws the refusal. A refusal
 * changes no state, so it goes straight to the audit log; it is audited because a forged or replayed
 * action is exactly what the security team needs to see.
 */
export async function refuseAudited(deps: CoreDeps, facts: Omit<AuditFacts, "action" | "result">, error: PimError): Promise<never> {
  await deps.journal.record([auditEntry(deps, { ...facts, action: "ApprovalRefused", result: "refused", message: `${facts.message} refused (${error.code}): ${error.message}`, details: { ...facts.details, code: error.code } })]);
  throw error;
}
