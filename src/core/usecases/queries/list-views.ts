import { mayDecide } from "../../domain/approval.js";
import { formatMinutes } from "../../domain/duration.js";
import type { AccessRequest } from "../../domain/request.js";
import { OPEN_STATES } from "../../domain/request.js";
import { effectiveRules } from "../../policy/effective.js";
import { formatInstant, stateLabel } from "../../views/format.js";
import { extensionOptions } from "../../views/request-view.js";
import { mayReview } from "../../views/review-view.js";
import type { ActionView, ListItemView, ListView, Tone } from "../../views/types.js";
import type { CoreDeps } from "../shared/deps.js";

const MAX_ITEMS = 20;
const toneOf = (state: string): Tone => (state === "active" ? "good" : state === "failed" || state === "denied" ? "attention" : state === "pending" ? "accent" : "neutral");

function list(title: string, emptyText: string, items: ListItemView[]): ListView {
  return { type: "list", title, emptyText, items: items.slice(0, MAX_ITEMS), total: items.length };
}

async function describe(deps: CoreDeps, r: AccessRequest) {
  const [entitlement, identity, requester] = await Promise.all([deps.store.get("entitlements", r.entitlementId), deps.store.get("identities", r.identityId), deps.store.get("humans", r.requesterHumanId)]);
  return { entitlement, identity, requester };
}

/** What I hold now (request-backed grants with Extend/Release, and pre-existing assignments). */
export async function listMyAccess(deps: CoreDeps, humanId: string): Promise<ListView> {
  const active = (await deps.store.find("requests", { requesterHumanId: humanId })).filter((r) => ["active", "approved", "provisioning"].includes(r.state));
  const items: ListItemView[] = [];
  for (const r of active.sort((a, b) => (a.endAt ?? "").localeCompare(b.endAt ?? ""))) {
    const { entitlement, identity } = await describe(deps, r);
    if (!entitlement || !identity) continue;
    const actions: ActionView<"extend" | "release">[] = [];
    if (r.state === "active") {
      const options = r.kind === "emergency" ? [] : extensionOptions(r, effectiveRules(deps.policy, entitlement));
      if (options.length > 0) actions.push({ id: "extend", label: "Extend", style: "default", choices: { label: "Extend by", options: options.map((m) => ({ value: String(m), label: formatMinutes(m) })) } });
      actions.push({ id: "release", label: "Release now", style: "destructive" });
    }
    items.push({
      id: r.id, version: r.version, title: `${entitlement.displayName} (${r.grantKind})`,
      subtitle: r.state === "active" ? `${identity.userPrincipalName}, until ${formatInstant(r.endAt)}` : `${identity.userPrincipalName}, being applied`,
      stateLabel: stateLabel(r.state), tone: toneOf(r.state), actions,
    });
  }
  const standing = (await deps.store.find("grants", { humanId, state: "active" })).filter((g) => !g.requestId);
  for (const g of standing) {
    const entitlement = await deps.store.get("entitlements", g.entitlementId);
    const identity = await deps.store.get("identities", g.identityId);
    if (!entitlement || !identity) continue;
    items.push({ id: g.id, version: g.version, title: `${entitlement.displayName} (${g.kind})`, subtitle: `${identity.userPrincipalName}, assigned outside this bot, until ${formatInstant(g.endAt)}`, stateLabel: "Assigned", tone: "neutral", actions: [] });
  }
  return list("My access", "You hold no access granted through this bot.", items);
}

/** Requests waiting for my decision. */
export async function listPendingApprovals(deps: CoreDeps, humanId: string): Promise<ListView> {
  const pending = (await deps.store.find("requests", { state: "pending" })).filter((r) => mayDecide(r).includes(humanId));
  const items: ListItemView[] = [];
  for (const r of pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const { entitlement, identity, requester } = await describe(deps, r);
    if (!entitlement || !identity || !requester) continue;
    items.push({
      id: r.id, version: r.version, title: `${requester.displayName}: ${entitlement.displayName}`,
      subtitle: `${r.grantKind}, ${formatMinutes(r.durationMinutes)}, ${identity.userPrincipalName}; decide by ${formatInstant(r.approvalDeadlineAt)}`,
      stateLabel: r.stages[r.currentStage]?.name ?? "Pending", tone: "accent",
      actions: [{ id: "open", label: "Open", style: "default" }],
    });
  }
  return list("Waiting for your approval", "Nothing is waiting for your approval.", items);
}

/** My recent requests, open ones first. */
export async function listMyRequests(deps: CoreDeps, humanId: string): Promise<ListView> {
  const mine = await deps.store.find("requests", { requesterHumanId: humanId });
  const sorted = mine.sort((a, b) => Number(OPEN_STATES.includes(b.state)) - Number(OPEN_STATES.includes(a.state)) || b.createdAt.localeCompare(a.createdAt));
  const items: ListItemView[] = [];
  for (const r of sorted) {
    const { entitlement } = await describe(deps, r);
    if (!entitlement) continue;
    items.push({ id: r.id, version: r.version, title: entitlement.displayName, subtitle: `${r.kind === "emergency" ? "emergency, " : ""}${r.grantKind}, ${formatMinutes(r.durationMinutes)}, requested ${formatInstant(r.createdAt)}`, stateLabel: stateLabel(r.state), tone: toneOf(r.state), actions: r.state === "pending" ? [{ id: "cancel", label: "Cancel", style: "default" }] : [] });
  }
  return list("My requests", "You have not requested anything yet.", items);
}

/** Review items assigned to me that are still open. */
export async function listMyReviews(deps: CoreDeps, humanId: string): Promise<ListView> {
  const open = (await deps.store.find("reviews", { state: "open" })).filter((i) => mayReview(i, humanId));
  const items: ListItemView[] = [];
  for (const i of open.sort((a, b) => a.dueAt.localeCompare(b.dueAt))) {
    const [entitlement, subject] = await Promise.all([deps.store.get("entitlements", i.entitlementId), deps.store.get("humans", i.subjectHumanId)]);
    if (!entitlement || !subject) continue;
    items.push({
      id: i.id, version: i.version, title: `${subject.displayName}: ${entitlement.displayName}`,
      subtitle: `${i.kind === "emergency_retro" ? "emergency use" : "access review"}; due ${formatInstant(i.dueAt)}${i.evidence.recommendation === "remove" ? "; recommended: remove" : ""}`,
      stateLabel: "Waiting for review", tone: i.evidence.recommendation === "remove" ? "warning" : "accent",
      actions: [{ id: "open", label: "Open", style: "default" }],
    });
  }
  return list("Your review items", "No review items are waiting for you.", items);
}
