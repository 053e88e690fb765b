import { OPEN_STATES } from "../../domain/request.js";
import { effectiveRules } from "../../policy/effective.js";
import { chooseIdentity } from "../../policy/request-checks.js";
import { formatInstant } from "../../views/format.js";
import type { CatalogOptionView } from "../../views/types.js";
import { loadHuman } from "../shared/context.js";
import type { CoreDeps } from "../shared/deps.js";

export interface CatalogSearchInput {
  humanId: string;
  query: string;
  limit?: number;
  /** Include entitlements this person cannot request, each with the reason (default true). */
  includeUnavailable?: boolean;
  type?: string;
  valueStream?: string;
  privileged?: boolean;
}

function score(q: string, code: string, display: string, description = ""): number {
  if (!q) return 1;
  const c = code.toLowerCase();
  const d = display.toLowerCase();
  if (c === q || d === q) return 100;
  if (c.startsWith(q) || d.startsWith(q)) return 50;
  if (c.includes(q) || d.includes(q)) return 20;
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length > 1 && words.every((w) => c.includes(w) || d.includes(w) || description.toLowerCase().includes(w))) return 10;
  return 0;
}

/**
 * Typeahead over the catalogue for one person: every match says whether they can request it and,
 * if not, why (not requestable, privileged without an azz account, already held or pending).
 */
export async function searchCatalog(deps: CoreDeps, input: CatalogSearchInput): Promise<CatalogOptionView[]> {
  const human = await loadHuman(deps.store, input.humanId);
  const identities = await deps.store.find("identities", { humanId: human.id });
  const mine = (await deps.store.find("requests", { requesterHumanId: human.id })).filter((r) => OPEN_STATES.includes(r.state));
  const q = input.query.trim().toLowerCase().slice(0, 100);
  const all = await deps.store.find("entitlements");
  const scored = all
    .filter((e) => !e.retiredAt && (input.type ? e.type === input.type : true) && (input.valueStream ? e.valueStream === input.valueStream : true) && (input.privileged === undefined ? true : e.privileged === input.privileged))
    .map((e) => ({ e, s: score(q, e.code, e.displayName, e.description) }))
    .filter((x) => x.s > 0);
  const options = scored.map(({ e, s }): CatalogOptionView & { s: number } => {
    const rules = effectiveRules(deps.policy, e);
    const { identity, issue } = chooseIdentity(human, identities, e, rules);
    const open = mine.find((r) => r.entitlementId === e.id);
    let reason: string | undefined;
    if (!e.requestable) reason = "Not requestable: assigned by its owner or the platform team";
    else if (issue) reason = issue.message;
    else if (open) reason = open.state === "active" ? `You already hold it until ${formatInstant(open.endAt)}` : `You already have a ${open.state} request for it`;
    return {
      s, entitlementId: e.id, code: e.code, displayName: e.displayName, type: e.type, privileged: e.privileged, requestable: !reason, reason,
      identityHint: identity?.userPrincipalName, grantKinds: rules.grantKinds, defaultGrantKind: rules.defaultGrantKind,
      defaultMinutes: rules.duration.defaultMinutes, maxMinutes: rules.duration.maxMinutes, ticketRequired: rules.ticket.required,
      ticketPattern: rules.ticket.pattern, justificationMinLength: rules.justification.minLength,
    };
  });
  return options
    .filter((o) => input.includeUnavailable !== false || o.requestable)
    .sort((a, b) => Number(b.requestable) - Number(a.requestable) || b.s - a.s || a.displayName.localeCompare(b.displayName))
    .slice(0, input.limit ?? 15)
    .map(({ s: _s, ...o }) => o);
}
