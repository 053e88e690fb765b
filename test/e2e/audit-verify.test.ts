import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTenant, type FakeTenant } from "../../src/adapters/graph/fake/index.js";
import { buildDemoOrg } from "../../src/demo/org.js";
import { RuntimeChild } from "./support/child.js";

function pim(...args: string[]) {
  return spawnSync(process.execPath, ["bin/pim.mjs", ...args], { encoding: "utf8", timeout: 60_000 });
}

describe("pim audit verify on a demo run", () => {
  let tenant: FakeTenant;
  let file: string;
  beforeAll(async () => {
    const org = buildDemoOrg({ now: new Date() });
    tenant = await startFakeTenant({ port: 0, org });
    const dataDir = await mkdtemp(path.join(tmpdir(), "pim-audit-"));
    file = path.join(dataDir, "audit.jsonl");
    const child = await RuntimeChild.start({ DATA_DIR: dataDir, GRAPH_BASE_URL: tenant.url, FAKE_TENANT_TOKEN: tenant.token });
    const sub = await child.send({ op: "submit", input: { requesterHumanId: org.personas.bystander, entitlement: "AZZ-RBAC-PAY-NONPROD-Contributor", justification: "Check the reconciliation job configuration", source: "api" } });
    await child.send({ op: "approve", requestId: sub.requestId, actor: "hum_10005" });
    for (let i = 0; i < 200; i++) {
      const r = (await child.send({ op: "get", requestId: sub.requestId })).request as { state: string };
      if (r.state === "active") break;
      await new Promise((res) => setTimeout(res, 50));
    }
    await child.send({ op: "stop" });
  });
  afterAll(async () => tenant.close());

  it("passes on the untouched log and reports the count", () => {
    const res = pim("audit", "verify", "--file", file);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/audit chain OK: \d+ records/);
    const count = Number(/(\d+) records/.exec(res.stdout)?.[1]);
    expect(count).toBeGreaterThanOrEqual(4);
  });

  it("fails after one byte is changed and names the record", async () => {
    const original = await readFile(file);
    const lines = original.toString("utf8").split("\n");
    const target = lines.findIndex((l) => l.includes('"action":"Approve"'));
    expect(target).toBeGreaterThan(0);
    const offset = lines.slice(0, target).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0) + lines[target]!.indexOf("Approve");
    const tampered = Buffer.from(original);
    tampered[offset] = "a".charCodeAt(0); // "Approve" -> "approve": one byte
    await writeFile(file, tampered);
    const res = pim("audit", "verify", "--file", file);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`BROKEN at record seq ${target + 1} \\(line ${target + 1}\\)`));
    await writeFile(file, original);
    expect(pim("audit", "verify", "--file", file).status).toBe(0);
  });
});
