import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const MAIN = ["--import", "tsx", "src/main.ts"];

interface Started {
  url: string;
  exit: Promise<number | null>;
  output: () => string;
  kill(signal: NodeJS.Signals): void;
}

/** Starts `src/main.ts` the way `npm start` does, with only a private data dir and free ports. */
function startMain(env: Record<string, string>): Promise<Started> {
  const proc = spawn(process.execPath, MAIN, { env: { ...process.env, PORT: "0", HOST: "127.0.0.1", FAKE_TENANT_PORT: "0", LOG_LEVEL: "info", NODE_ENV: "development", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const exit = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*pim-chatops is running/.exec(out);
      if (m) resolve({ url: m[1] as string, exit, output: () => out, kill: (s) => proc.kill(s) });
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    void exit.then((code) => reject(new Error(`exited with ${code} before listening:\n${out}`)));
    setTimeout(() => reject(new Error(`did not start:\n${out}`)), 60_000).unref();
  });
}

describe("process start-up and shutdown", () => {
  it("starts on the embedded defaults, answers /healthz and /readyz, and stops cleanly on SIGTERM", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "pim-start-"));
    const app = await startMain({ DATA_DIR: dataDir });
    expect(app.output()).toContain("embedded fake Entra tenant");
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    app.kill("SIGTERM");
    expect(await app.exit).toBe(0);
    expect(app.output()).toMatch(/"msg":"stopped"/);
    const store = JSON.parse(await readFile(path.join(dataDir, "pim-store.json"), "utf8")) as { collections: { humans: Record<string, unknown> } };
    expect(Object.keys(store.collections.humans).length).toBeGreaterThan(300);
  });

  it("refuses to start with an invalid policy file and names the file and the path", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pim-policy-"));
    const file = path.join(dir, "policy.yaml");
    await writeFile(file, (await readFile("config/policy.yaml", "utf8")).replace("maxMinutes: 240\n  incidentPattern", "maxMinutes: -5\n  incidentPattern"));
    const res = spawnSync(process.execPath, MAIN, { env: { ...process.env, DATA_DIR: dir, POLICY_FILE: file, PORT: "0", FAKE_TENANT_PORT: "0" }, encoding: "utf8", timeout: 60_000 });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("POLICY_INVALID");
    expect(res.stderr).toContain(file);
    expect(res.stderr).toContain("emergency.maxMinutes");
  });

  it("refuses to start on a corrupted data file and leaves it untouched", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pim-corrupt-"));
    const file = path.join(dir, "pim-store.json");
    const garbage = '{"schemaVersion":1,"collections":{"requests":{"req_1":';
    await writeFile(file, garbage);
    const res = spawnSync(process.execPath, MAIN, { env: { ...process.env, DATA_DIR: dir, PORT: "0", FAKE_TENANT_PORT: "0" }, encoding: "utf8", timeout: 60_000 });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("STORE_CORRUPTED");
    expect(res.stderr).toContain(file);
    expect(await readFile(file, "utf8")).toBe(garbage);
  });

  it("refuses an invalid environment with the variable named", async () => {
    const res = spawnSync(process.execPath, MAIN, { env: { ...process.env, PORT: "eighty", FAKE_TENANT_PORT: "0" }, encoding: "utf8", timeout: 60_000 });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("CONFIG_INVALID");
    expect(res.stderr).toMatch(/PORT:/);
  });
});
