import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicyFile } from "../../../src/config/policy-file.js";
import { ErrorCodes, type PimError } from "../../../src/core/errors.js";
import { resolveStages } from "../../../src/core/policy/approvers.js";
import { findAutoApproval } from "../../../src/core/policy/auto-approve.js";
import { effectiveRules } from "../../../src/core/policy/effective.js";
import { peopleFrom } from "../../../src/core/policy/people.js";
import { buildDemoOrg } from "../../../src/demo/org.js";

const org = buildDemoOrg({ now: new Date("2026-11-23T09:00:00Z"), staffCount: 60, guestCount: 5 });
const people = peopleFrom(org.humans);
const ent = (code: string) => org.entitlements.find((e) => e.code === code)!;
const human = (id: string) => org.humans.find((h) => h.id === id)!;

async function writePolicy(text: string, ext = "yaml"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pim-policy-"));
  const file = path.join(dir, `policy.${ext}`);
  await writeFile(file, text);
  return file;
}

describe("policy file", () => {
  it("loads the shipped default policy", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    expect(policy.emergency.maxMinutes).toBe(240);
    expect(policy.entitlements["Global Administrator"]?.approval?.stages).toHaveLength(3);
  });

  it("refuses an invalid file naming the file, the path and the problem", async () => {
    const file = await writePolicy((await import("node:fs")).readFileSync("config/policy.yaml", "utf8").replace("maxMinutes: 480 }\n  grantKinds", "maxMinutes: lots }\n  grantKinds"));
    const err = (await loadPolicyFile(file).catch((e) => e)) as PimError;
    expect(err.code).toBe(ErrorCodes.POLICY_INVALID);
    expect(err.message).toContain(file);
    expect(err.message).toContain("defaults.duration.maxMinutes");
  });

  it("reports a reference to an undefined group with its path", async () => {
    const text = (await import("node:fs")).readFileSync("config/policy.yaml", "utf8").replace("approvers: [{ group: cab }]", "approvers: [{ group: cabb }]");
    const err = (await loadPolicyFile(await writePolicy(text)).catch((e) => e)) as PimError;
    expect(err.code).toBe(ErrorCodes.POLICY_INVALID);
    expect(err.message).toMatch(/entitlements\.Global Administrator\.approval\.stages\[2\]\.approvers\[0\]\.group: group "cabb" is not defined/);
  });

  it("rejects unknown keys so a typo cannot silently loosen a rule", async () => {
    const text = (await import("node:fs")).readFileSync("config/policy.yaml", "utf8").replace("separationOfDuties: true", "separationOfDuties: true\n    seperationOfDuty: false");
    const err = (await loadPolicyFile(await writePolicy(text)).catch((e) => e)) as PimError;
    expect(err.message).toContain("defaults.approval");
    expect(err.message).toMatch(/seperationOfDuty/);
  });

  it("says where malformed YAML breaks", async () => {
    const err = (await loadPolicyFile(await writePolicy("version: 1\ndefaults: [unclosed")).catch((e) => e)) as PimError;
    expect(err.code).toBe(ErrorCodes.POLICY_INVALID);
    expect(err.message).toMatch(/not valid YAML at line \d+/);
  });

  it("refuses to start on a missing file", async () => {
    const err = (await loadPolicyFile("/nonexistent/policy.yaml").catch((e) => e)) as PimError;
    expect(err.message).toMatch(/cannot be read: ENOENT/);
  });
});

describe("effective rules", () => {
  it("layers defaults, type and entitlement overrides", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    const ga = effectiveRules(policy, ent("Global Administrator"));
    expect(ga.duration.maxMinutes).toBe(120);
    expect(ga.approval.stages.map((s) => s.name)).toEqual(["Manager", "Role owner", "Change advisory board"]);
    expect(ga.ticket.required).toBe(true);
    expect(ga.sources).toEqual(["defaults", "type ENTRA_ROLE", "entitlement Global Administrator"]);
  });

  it("never lets a privileged entitlement go to anything but an azz identity", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    expect(effectiveRules(policy, ent("Global Administrator")).identityTypes).toEqual(["azz"]);
    expect(effectiveRules(policy, ent("Global Reader")).identityTypes).toContain("staff");
  });

  it("offers only active grants for plain group memberships", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    expect(effectiveRules(policy, ent("AZZ-RBAC-PAY-PROD-Reader")).grantKinds).toEqual(["active"]);
  });
});

describe("approver resolution", () => {
  it("resolves manager then owner/deputy for an Entra role", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    const e = ent("Security Administrator");
    const stages = resolveStages({ policy, rules: effectiveRules(policy, e), entitlement: e, requester: human(org.personas.requester), people, conflictedHumanIds: new Set() });
    expect(stages[0]!.approvers.map((a) => [a.humanId, a.source])).toEqual([["hum_10004", "manager"]]);
    expect(stages[1]!.approvers.map((a) => a.humanId)).toEqual(["hum_10002", "hum_10001"]);
  });

  it("falls back to the security owners when the only candidate is the requester", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    const e = ent("Security Reader");
    // Daniel Okafor owns Security Reader; the Role owner stage would be only him (and his deputy Amelia).
    const requester = human("hum_10002");
    const stages = resolveStages({ policy, rules: effectiveRules(policy, e), entitlement: e, requester, people, conflictedHumanIds: new Set() });
    expect(stages[1]!.approvers.map((a) => a.humanId)).not.toContain("hum_10002");
    expect(stages[1]!.approvers.length).toBeGreaterThan(0);
  });

  it("uses the security owners for an entitlement without owner or deputy", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    const e = ent("Reports Reader");
    const stages = resolveStages({ policy, rules: effectiveRules(policy, e), entitlement: e, requester: human(org.personas.bystander), people, conflictedHumanIds: new Set() });
    expect(stages[1]!.approvers).toEqual([
      { humanId: "hum_10001", source: "securityOwner" },
      { humanId: "hum_10002", source: "securityOwner" },
    ]);
  });

  it("skips approvers who hold a pending request for the same entitlement", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    const e = ent("Security Administrator");
    const stages = resolveStages({ policy, rules: effectiveRules(policy, e), entitlement: e, requester: human(org.personas.requester), people, conflictedHumanIds: new Set(["hum_10002"]) });
    expect(stages[1]!.approvers.map((a) => a.humanId)).toEqual(["hum_10001"]);
  });
});

describe("auto-approval", () => {
  it("approves a certified requester and says why", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    const auto = findAutoApproval({ policy, requester: human(org.personas.noAzzEngineer), entitlement: ent("AZZ-RBAC-PAY-PROD-Reader"), grantKind: "active", durationMinutes: 480, now: new Date("2026-11-23T09:00:00Z") });
    expect(auto?.rule).toBe("certified-prod-readers");
    expect(auto?.reason).toContain("certified until 2027-06-30");
  });

  it("does not approve when the certification has expired", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    const auto = findAutoApproval({ policy, requester: human(org.personas.oncallSre), entitlement: ent("AZZ-RBAC-PAY-PROD-Reader"), grantKind: "active", durationMinutes: 60, now: new Date("2026-11-23T09:00:00Z") });
    expect(auto).toBeUndefined();
  });

  it("does not approve beyond the rule's maximum duration", async () => {
    const policy = await loadPolicyFile("config/policy.yaml");
    const auto = findAutoApproval({ policy, requester: human(org.personas.noAzzEngineer), entitlement: ent("AZZ-RBAC-PAY-PROD-Reader"), grantKind: "active", durationMinutes: 2000, now: new Date("2026-11-23T09:00:00Z") });
    expect(auto).toBeUndefined();
  });
});
