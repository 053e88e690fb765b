import { isPimError } from "./core/errors.js";
import { startApp } from "./runtime/app.js";

/** Process entry point: start, and stop gracefully on SIGTERM/SIGINT (stop accepting, drain, flush). */
async function main(): Promise<void> {
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp(process.env);
  } catch (e) {
    // Configuration, policy and storage problems are the operator's to fix: say exactly what, then stop.
    if (isPimError(e)) {
      console.error(`pim-chatops cannot start [${e.code}]:\n${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      app.logger.error("graceful shutdown took too long; exiting");
      process.exit(1);
    }, app.config.SHUTDOWN_GRACE_MS);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (e: unknown) => {
        app.logger.error({ err: e }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("unhandledRejection", (reason) => app.logger.error({ err: reason }, "unhandled rejection"));
}

void main();
