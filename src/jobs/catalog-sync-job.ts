import { Cron } from "croner";
import type { Logger } from "../core/ports/logger.js";
import type { Directory } from "../core/ports/provisioning.js";
import type { CoreDeps } from "../core/usecases/shared/deps.js";
import { syncCatalog, type CatalogSyncResult } from "../core/usecases/sync-catalog.js";

/** The catalogue changes rarely: sync it on a schedule (hourly by default) and once at start-up. */
export class CatalogSyncJob {
  private cron?: Cron;
  constructor(
    private readonly deps: CoreDeps,
    private readonly directory: Directory,
    private readonly logger: Logger,
    private readonly o: { pattern: string; tenant: string },
  ) {}

  start(): void {
    this.cron = new Cron(this.o.pattern, { protect: true, unref: true }, () => void this.run());
    void this.run();
  }

  stop(): void {
    this.cron?.stop();
  }

  async run(): Promise<CatalogSyncResult | undefined> {
    try {
      const r = await syncCatalog(this.deps, this.directory, { tenant: this.o.tenant });
      this.logger.info({ added: r.added.length, updated: r.updated.length, retired: r.retired.length, unchanged: r.unchanged }, "catalogue synced");
      return r;
    } catch (e) {
      this.logger.error({ err: e }, "catalogue sync failed; keeping the stored catalogue");
      return undefined;
    }
  }
}
