import type { PersonaKey } from "./driver.js";

/**
 * The people of the acceptance scenarios, taken from the demo organisation. Jane requests
 * AZZ-RBAC-PAY-NONPROD-Contributor, whose single policy stage fans out to her manager (Marcus), the
 * group's owner (Grace) and its deputy; Ken is on call and uses break-glass; Amelia and Daniel are
 * the security owners.
 */
export const PERSONAS: Record<PersonaKey, { humanId: string; name: string; email: string }> = {
  requester: { humanId: "hum_12345", name: "Jane Smith", email: "j.smith@contoso.com" },
  manager: { humanId: "hum_10004", name: "Marcus Lindqvist", email: "m.lindqvist@contoso.com" },
  owner: { humanId: "hum_10005", name: "Grace Mbeki", email: "g.mbeki@contoso.com" },
  deputy: { humanId: "hum_20000", name: "(deputy)", email: "" },
  bystander: { humanId: "hum_12347", name: "Sara Novak", email: "s.novak@contoso.com" },
  oncall: { humanId: "hum_12348", name: "Ken Watanabe", email: "k.watanabe@contoso.com" },
  securityOwner: { humanId: "hum_10001", name: "Amelia Hart", email: "a.hart@contoso.com" },
  securityOwner2: { humanId: "hum_10002", name: "Daniel Okafor", email: "d.okafor@contoso.com" },
};

export const SCENARIO_ENTITLEMENT = "AZZ-RBAC-PAY-NONPROD-Contributor";
export const EMERGENCY_ENTITLEMENT = "Exchange Administrator";
