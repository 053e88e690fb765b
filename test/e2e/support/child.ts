import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface, type Interface } from "node:readline";

/** A runtime child process and a line-based request/response channel to it. */
export class RuntimeChild {
  private lines: string[] = [];
  private waiters: Array<(l: string) => void> = [];
  private readonly rl: Interface;
  stderr = "";
  log = "";

  private constructor(readonly proc: ChildProcessWithoutNullStreams) {
    this.rl = createInterface({ input: proc.stdout });
    this.rl.on("line", (l) => {
      if (!l.startsWith("@@")) {
        this.log += `${l}\n`;
        return;
      }
      const w = this.waiters.shift();
      if (w) w(l.slice(2));
      else this.lines.push(l.slice(2));
    });
    proc.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
  }

  static async start(env: NodeJS.ProcessEnv): Promise<RuntimeChild> {
    const proc = spawn(process.execPath, ["--import", "tsx", "test/e2e/support/runtime-child.ts"], {
      env: { ...process.env, LOG_LEVEL: "warn", PORT: "0", HOST: "127.0.0.1", OUTBOX_POLL_MS: "100", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const child = new RuntimeChild(proc);
    const ready = await child.next(30_000);
    if (!(ready as { ready?: boolean }).ready) throw new Error(`child did not start: ${child.log.slice(-1500)} ${child.stderr.slice(-1500)}`);
    return child;
  }

  next(timeoutMs = 15_000): Promise<Record<string, unknown>> {
    const buffered = this.lines.shift();
    if (buffered) return Promise.resolve(JSON.parse(buffered));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no answer from child; log: ${this.log.slice(-1500)} stderr: ${this.stderr.slice(-1500)}`)), timeoutMs);
      this.waiters.push((l) => {
        clearTimeout(t);
        resolve(JSON.parse(l));
      });
    });
  }

  async send(cmd: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.proc.stdin.write(`${JSON.stringify(cmd)}\n`);
    return this.next();
  }

  kill(): Promise<void> {
    return new Promise((resolve) => {
      this.proc.once("exit", () => resolve());
      this.proc.kill("SIGKILL");
    });
  }
}
