/**
 * Test driver around the real composition root, run as a child process so a test can SIGKILL it.
 * It reads one JSON command per line on stdin and answers one JSON line on stdout; everything else
 * (store, audit, outbox worker, scheduler, Graph adapter) is the production runtime.
 */
import { createInterface } from "node:readline";
import { approveRequest } from "../../../src/core/usecases/approve-request.js";
import { submitRequest } from "../../../src/core/usecases/submit-request.js";
import { startApp } from "../../../src/runtime/app.js";

const app = await startApp(process.env);
// Answers carry a marker: the runtime logs JSON lines to stdout too.
const out = (o: unknown) => process.stdout.write(`@@${JSON.stringify(o)}\n`);
out({ ready: true, url: app.url });

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const cmd = JSON.parse(line) as { op: string; [k: string]: unknown };
  try {
    if (cmd.op === "submit") {
      const r = await submitRequest(app.deps, cmd.input as never);
      out({ ok: true, requestId: r.request.id, state: r.request.state });
    } else if (cmd.op === "approve") {
      const r = await approveRequest(app.deps, { requestId: cmd.requestId as string, actorHumanId: cmd.actor as string });
      out({ ok: true, outcome: r.outcome, state: r.request.state });
    } else if (cmd.op === "get") {
      out({ ok: true, request: await app.deps.store.get("requests", cmd.requestId as string) });
    } else if (cmd.op === "stop") {
      await app.close();
      out({ ok: true, stopped: true });
      process.exit(0);
    }
  } catch (e) {
    out({ ok: false, code: (e as { code?: string }).code, message: (e as Error).message });
  }
}
