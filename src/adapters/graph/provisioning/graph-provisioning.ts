import type { Provisioning, ProvisioningChange, ProvisioningContext, ProvisioningResult } from "../../../core/ports/provisioning.js";
import type { BatchRunner } from "./batch-runner.js";
import type { ChangeRunner } from "./change-runner.js";

/** The `Provisioning` port over Microsoft Graph: single changes directly, bulk changes in JSON batches. */
export class GraphProvisioning implements Provisioning {
  constructor(
    private readonly runner: ChangeRunner,
    private readonly batches: BatchRunner,
  ) {}

  apply(change: ProvisioningChange, ctx: ProvisioningContext): Promise<ProvisioningResult> {
    return this.runner.apply(change, ctx);
  }

  applyMany(items: { change: ProvisioningChange; ctx: ProvisioningContext }[]): Promise<Array<ProvisioningResult | Error>> {
    return this.batches.run(items);
  }
}
