/** Graph endpoints that fail together; each gets its own circuit so one outage does not stop the rest. */
export const ENDPOINT_FAMILIES = ["roleManagement", "privilegedAccessGroups", "groups", "users"] as const;
export type EndpointFamily = (typeof ENDPOINT_FAMILIES)[number];

export function endpointFamilyOf(path: string): EndpointFamily {
  const p = path.replace(/^\/+/, "").toLowerCase();
  if (p.startsWith("rolemanagement/")) return "roleManagement";
  if (p.startsWith("identitygovernance/privilegedaccess/group/")) return "privilegedAccessGroups";
  if (p.startsWith("groups")) return "groups";
  // users, invitations and directoryObjects share the directory's user store
  return "users";
}
