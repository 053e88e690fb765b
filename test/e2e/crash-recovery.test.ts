import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeTenant, type FakeTenant } from "../../src/adapters/graph/fake/index.js";
import { buildDemoOrg } from "../../src/demo/org.js";
import { verifyAuditChain } from "../../src/adapters/audit/verify.js";
import { RuntimeChild } from "./support/child.js";

const ROLE_ASSIGN = "^/roleManagement/directory/roleAssignmentScheduleRequests";

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("crash between approval and provisioning", () => {
  let tenant: FakeTenant | undefined;
  let child: RuntimeChild | undefined;
  afterEach(async () => {
    await child?.kill().catch(() => undefined);
    await tenant?.close();
  });

  it("finds the grant provisioned exactly once after SIGKILL and restart", async () => {
    const org = buildDemoOrg({ now: new Date() });
    tenant = await startFakeTenant({ port: 0, org });
    const dataDir = await mkdtemp(path.join(tmpdir(), "pim-crash-"));
    const env = { DATA_DIR: dataDir, GRAPH_BASE_URL: tenant.url, FAKE_TENANT_TOKEN: tenant.token, STORE: "lowdb" };

    // The tenant applies the assignment and then never answers: the worst moment to die.
    tenant.faults.add({ method: "POST", path: ROLE_ASSIGN, times: 1, applyThenFail: true, effect: { kind: "hang" } });
    child = await RuntimeChild.start(env);
    const submitted = await child.send({
      op: "submit",
      input: { requesterHumanId: org.personas.requester, entitlement: "Security Administrator", grantKind: "active", durationMinutes: 120, justification: "Investigate risky sign-ins for INC-55012", ticket: "INC-55012", source: "api" },
    });
    expect(submitted).toMatchObject({ ok: true, state: "pending" });
    const requestId = submitted.requestId as string;
    expect(await child.send({ op: "approve", requestId, actor: "hum_10004" })).toMatchObject({ ok: true, outcome: "stage_approved" });
    expect(await child.send({ op: "approve", requestId, actor: "hum_10002" })).toMatchObject({ ok: true, outcome: "approved" });

    await until("the provisioning call to reach Graph", () => tenant!.requests.writes().some((r) => r.method === "POST" && new RegExp(ROLE_ASSIGN).test(r.path)));
    await child.kill();
    child = undefined;

    const azz = org.identities.find((i) => i.id === "idn_12345_azz")!;
    const roleId = org.entitlements.find((e) => e.code === "Security Administrator")!.graphObjectId;
    const active = () => tenant!.state.currentInstances("roleAssignment").filter((i) => i.principalId === azz.objectId && "roleDefinitionId" in i.target && i.target.roleDefinitionId === roleId);
    // The tenant applied the write before the process died; the client never learned it.
    await until("the tenant to hold the assignment", () => active().length === 1);

    child = await RuntimeChild.start(env);
    const settled = await until("the request to become active after restart", async () => {
      const r = (await child!.send({ op: "get", requestId })).request as { state: string } | undefined;
      return r?.state === "active" ? r : undefined;
    });
    expect(settled.state).toBe("active");
    expect(active()).toHaveLength(1);
    await child.send({ op: "stop" });
    child = undefined;

    const auditFile = path.join(dataDir, "audit.jsonl");
    expect((await verifyAuditChain(auditFile)).ok).toBe(true);
    const records = (await readFile(auditFile, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { action: string; requestId?: string; details?: { outcome?: string } });
    const added = records.filter((r) => r.action === "EntitlementAdd" && r.requestId === requestId);
    expect(added).toHaveLength(1);
    expect(added[0]?.details?.outcome).toBe("alreadyInPlace");
  });
});
