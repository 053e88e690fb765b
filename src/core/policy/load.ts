import type { z } from "zod/v4";
import { ConfigurationError, ErrorCodes } from "../errors.js";
import { PolicySchema, type ApproverRef, type Policy } from "./schema.js";

export interface PolicyProblem {
  path: string;
  message: string;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
}

/** Cross-references zod cannot see: named groups and certified lists must exist. */
function semanticProblems(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const checkRefs = (refs: ApproverRef[], at: string) => {
    refs.forEach((r, i) => {
      if (typeof r === "object" && "group" in r && !(r.group in policy.groups)) {
        problems.push({ path: `${at}[${i}].group`, message: `group "${r.group}" is not defined under groups` });
      }
    });
  };
  policy.defaults.approval.stages.forEach((s, i) => checkRefs(s.approvers, `defaults.approval.stages[${i}].approvers`));
  for (const [type, o] of Object.entries(policy.types)) {
    o?.approval?.stages?.forEach((s, i) => checkRefs(s.approvers, `types.${type}.approval.stages[${i}].approvers`));
    if (o?.duration?.defaultMinutes && o.duration.maxMinutes && o.duration.defaultMinutes > o.duration.maxMinutes) {
      problems.push({ path: `types.${type}.duration`, message: "defaultMinutes must not exceed maxMinutes" });
    }
  }
  for (const [code, o] of Object.entries(policy.entitlements)) {
    o.approval?.stages?.forEach((s, i) => checkRefs(s.approvers, `entitlements.${code}.approval.stages[${i}].approvers`));
    if (o.duration?.defaultMinutes && o.duration.maxMinutes && o.duration.defaultMinutes > o.duration.maxMinutes) {
      problems.push({ path: `entitlements.${code}.duration`, message: "defaultMinutes must not exceed maxMinutes" });
    }
  }
  policy.autoApprove.forEach((r, i) => {
    if (!(r.certifiedList in policy.certifications)) {
      problems.push({ path: `autoApprove[${i}].certifiedList`, message: `certified list "${r.certifiedList}" is not defined under certifications` });
    }
  });
  policy.emergency.allowed.groups.forEach((g, i) => {
    if (!(g in policy.groups)) problems.push({ path: `emergency.allowed.groups[${i}]`, message: `group "${g}" is not defined under groups` });
  });
  return problems;
}

/**
 * Validates a parsed policy document. Throws `ConfigurationError` (POLICY_INVALID) naming the file,
 * every offending path and what is wrong, so an operator can fix it before the process starts.
 */
export function parsePolicy(doc: unknown, sourceName: string): Policy {
  const parsed = PolicySchema.safeParse(doc);
  const problems: PolicyProblem[] = parsed.success
    ? semanticProblems(parsed.data)
    : parsed.error.issues.map((i: z.core.$ZodIssue) => ({ path: pathOf(i.path), message: i.message }));
  if (problems.length > 0 || !parsed.success) {
    const lines = problems.map((p) => `  at ${p.path}: ${p.message}`).join("\n");
    throw new ConfigurationError(ErrorCodes.POLICY_INVALID, `Policy file ${sourceName} is invalid:\n${lines}`, {
      file: sourceName,
      problems,
    });
  }
  return parsed.data;
}
