import type { EntitlementTarget } from "../../../core/domain/entitlement.js";

/**
 * What the product already knows exists in the tenant (identities and catalogue entries). A change
 * naming anything else is refused before a request reaches Graph: a typo must not become a
 * half-applied change, and Graph's 404 would not say which side was wrong.
 */
export interface KnownDirectoryObjects {
  hasPrincipal(objectId: string): boolean | Promise<boolean>;
  hasTarget(target: EntitlementTarget): boolean | Promise<boolean>;
}

export function targetKey(target: EntitlementTarget): string {
  switch (target.mechanism) {
    case "entraRole":
      return `role:${target.roleDefinitionId.toLowerCase()}:${target.directoryScopeId}`;
    case "pimGroup":
      return `pim:${target.groupId.toLowerCase()}:${target.accessId}`;
    case "group":
      return `group:${target.groupId.toLowerCase()}`;
  }
}

/** A fixed list, for tests, the CLI's dry run and small deployments that load identities at start. */
export function staticKnownObjects(principalIds: Iterable<string>, targets: Iterable<EntitlementTarget>): KnownDirectoryObjects {
  const principals = new Set([...principalIds].map((p) => p.toLowerCase()));
  const keys = new Set([...targets].map(targetKey));
  return {
    hasPrincipal: (id) => principals.has(id.toLowerCase()),
    hasTarget: (t) => keys.has(targetKey(t)),
  };
}
