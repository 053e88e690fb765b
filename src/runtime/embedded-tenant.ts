import { ConfigurationError, ErrorCodes } from "../core/errors.js";

/** Starts the fake Entra tenant inside this process (development default). */
export async function launchEmbeddedTenant(_env: NodeJS.ProcessEnv, _d: unknown): Promise<{ url: string; token: string; close(): Promise<void> }> {
  throw new ConfigurationError(ErrorCodes.CONFIG_INVALID, "The embedded fake tenant is not available in this build; set GRAPH_BASE_URL.");
}
