import type { Entitlement } from "../domain/entitlement.js";
import { ErrorCodes, ProvisioningError } from "../errors.js";
import type { CatalogSyncItem, Directory } from "../ports/provisioning.js";
import { ChangeSet } from "./shared/changes.js";
import type { CoreDeps } from "./shared/deps.js";

export interface CatalogSyncResult {
  added: string[];
  updated: string[];
  retired: string[];
  unchanged: number;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** Fields a sync may change; lastSyncAt alone does not count as a change worth a new version. */
function sameContent(a: Entitlement, b: Entitlement): boolean {
  const strip = ({ version: _v, lastSyncAt: _l, ...rest }: Entitlement) => JSON.stringify(rest, Object.keys(rest).sort());
  return strip(a) === strip(b);
}

/**
 * Brings the catalogue in the store in line with the directory (AZZ-RBAC-* groups, role definitions,
 * M365 role groups). What the directory does not say (roles carry no owner or flags) keeps its stored
 * value; a new entry without flags is treated as privileged and not requestable until its owner
 * says otherwise. Entries that disappeared are retired, never deleted, so history still resolves.
 */
export async function syncCatalog(deps: CoreDeps, directory: Directory, defaults: { tenant: string }): Promise<CatalogSyncResult> {
  const items = await directory.listCatalog();
  const existing = await deps.store.find("entitlements");
  if (items.length === 0 && existing.some((e) => !e.retiredAt)) {
    // An empty answer is far more likely a permission or filter problem than an empty directory.
    throw new ProvisioningError(ErrorCodes.GRAPH_ERROR, "The directory returned no catalogue entries; refusing to retire the whole catalogue.", false);
  }
  const now = deps.clock.now().toISOString();
  const byObject = new Map(existing.map((e) => [e.graphObjectId.toLowerCase(), e]));
  const byCode = new Map(existing.map((e) => [e.code.toLowerCase(), e]));
  const seen = new Set<string>();
  const result: CatalogSyncResult = { added: [], updated: [], retired: [], unchanged: 0 };
  const changes = new ChangeSet(deps);
  const toEntitlement = (item: CatalogSyncItem, prev: Entitlement | undefined): Entitlement => ({
    id: prev?.id ?? `ent_${slug(item.code)}`,
    version: prev?.version ?? 0,
    code: item.code,
    displayName: item.displayName,
    description: item.description ?? prev?.description,
    type: item.type,
    tenant: item.tenant ?? prev?.tenant ?? defaults.tenant,
    valueStream: item.valueStream ?? prev?.valueStream ?? "Unassigned",
    privileged: item.privileged ?? prev?.privileged ?? true,
    requestable: item.requestable ?? prev?.requestable ?? false,
    ownerStaffId: item.ownerStaffId ?? prev?.ownerStaffId,
    deputyStaffId: item.deputyStaffId ?? prev?.deputyStaffId,
    lastSyncAt: now,
    graphObjectId: item.graphObjectId,
    target: item.target,
  });
  for (const item of items) {
    const prev = byObject.get(item.graphObjectId.toLowerCase()) ?? byCode.get(item.code.toLowerCase());
    const next = toEntitlement(item, prev);
    seen.add(next.id);
    if (!prev) result.added.push(next.code);
    else if (!sameContent(prev, next)) result.updated.push(next.code);
    else result.unchanged++;
    changes.put("entitlements", next);
  }
  for (const e of existing) {
    if (seen.has(e.id) || e.retiredAt) continue;
    result.retired.push(e.code);
    changes.put("entitlements", { ...e, requestable: false, retiredAt: now });
  }
  changes.record({
    action: "CatalogSync",
    actor: "system:catalog-sync",
    correlationId: deps.ids.next("correlation"),
    message: `Catalogue sync: ${result.added.length} added, ${result.updated.length} updated, ${result.retired.length} retired, ${result.unchanged} unchanged`,
    details: { added: result.added, updated: result.updated, retired: result.retired },
  });
  await changes.commit();
  return result;
}
