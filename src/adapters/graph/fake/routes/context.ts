import type { FakeIds } from "../state/fake-ids.js";
import type { TenantState } from "../state/tenant-state.js";

/** What every route module gets: the data, ids, the fake's clock and its settings. */
export interface RouteContext {
  state: TenantState;
  ids: FakeIds;
  now: () => Date;
  pageSize: number;
  /** `contoso.onmicrosoft.com`: guests' UPNs live there. */
  initialDomain: string;
  policy: { maxEligibleMs: number; maxActiveMs: number };
  provisioning: { delayMs: number; visibleAfterReads: number };
  /** setTimeout that the fake clears on close. */
  later: (fn: () => void, ms: number) => void;
}

export const metadata = (apiRoot: string, entitySet: string) => `${apiRoot}/$metadata#${entitySet}`;
