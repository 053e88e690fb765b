import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import type { AuditEntry } from "../../src/core/ports/audit.js";

/** An audit entry as a use case would build it; `n` makes ids and times distinct and ordered. */
export function auditEntry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  const at = new Date(Date.UTC(2025, 2, 1, 9, 0, 0) + n * 1000).toISOString();
  return {
    id: `au-${String(n).padStart(6, "0")}`,
    at,
    action: n % 3 === 0 ? "Approve" : n % 3 === 1 ? "Request" : "EntitlementAdd",
    actor: "h-ann",
    identity: "azz_12345@contoso.com",
    application: "Entra ID",
    entitlement: "AZZ-RBAC-Reader",
    nativeIdentity: "5c0d2b9e-0000-4000-8000-000000000001",
    message: `Request req-${n} approved for 4 h`,
    correlationId: `corr-${n}`,
    requestId: `req-${n}`,
    result: "success",
    details: { durationMinutes: 240, stage: 0 },
    ...overrides,
  };
}

export function auditEntries(from: number, count: number): AuditEntry[] {
  return Array.from({ length: count }, (_, i) => auditEntry(from + i));
}

/** Fresh temporary directories, removed after each test of the file that calls this. */
export function useTempDirs(prefix: string): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
