import { ErrorCodes, isPimError } from "../../errors.js";

/**
 * Runs a read-decide-commit step again when another writer won the compare-and-swap. The re-run
 * reads the new state, so a lost race turns into an idempotent "already decided" answer.
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (e) {
      if (i >= attempts || !isPimError(e) || e.code !== ErrorCodes.CONFLICT) throw e;
    }
  }
}
