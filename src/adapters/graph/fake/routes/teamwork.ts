import { badRequest, GraphFault, notFound } from "../pipeline/graph-fault.js";
import type { Router } from "../pipeline/router.js";
import type { TenantState } from "../state/tenant-state.js";
import { metadata, type RouteContext } from "./context.js";

/**
 * Teams app installations per user (`/users/{id}/teamwork/installedApps`), which a bot needs before it
 * may open a 1:1 chat with someone who never talked to it. Kept beside the tenant state rather than in
 * it: only the Teams channel uses it.
 */
const installations = new WeakMap<TenantState, Map<string, Set<string>>>();

function appsOf(state: TenantState, userId: string): Set<string> {
  let byUser = installations.get(state);
  if (!byUser) installations.set(state, (byUser = new Map()));
  let apps = byUser.get(userId);
  if (!apps) byUser.set(userId, (apps = new Set()));
  return apps;
}

/** Teams app catalogue ids installed for a user (for tests). */
export function installedTeamsApps(state: TenantState, userId: string): string[] {
  return [...(installations.get(state)?.get(userId) ?? [])];
}

const BIND = /\/appCatalogs\/teamsApps\/([^/?#]+)$/i;

export function registerTeamworkRoutes(router: Router, ctx: RouteContext): void {
  router.add("GET", "/users/{user-id}/teamwork/installedApps", (req) => {
    const userId = req.params["user-id"] as string;
    if (!ctx.state.user(userId)) throw notFound(userId);
    const value = [...appsOf(ctx.state, userId)].map((appId) => ({ id: installationId(userId, appId) }));
    return { status: 200, body: { "@odata.context": metadata(req.apiRoot, `users('${userId}')/teamwork/installedApps`), value } };
  });

  router.add("POST", "/users/{user-id}/teamwork/installedApps", (req) => {
    const userId = req.params["user-id"] as string;
    if (!ctx.state.user(userId)) throw notFound(userId);
    const bind = (req.body as Record<string, unknown> | undefined)?.["teamsApp@odata.bind"];
    const appId = typeof bind === "string" ? BIND.exec(bind)?.[1] : undefined;
    if (!appId) throw badRequest("teamsApp@odata.bind must name /appCatalogs/teamsApps/{id}.", "BadRequest");
    const apps = appsOf(ctx.state, userId);
    // Graph answers a second installation of the same app with 409, which callers treat as done.
    if (apps.has(appId)) throw new GraphFault(409, "Conflict", "App is already installed.");
    apps.add(appId);
    return { status: 201 };
  });
}

function installationId(userId: string, appId: string): string {
  return Buffer.from(`${userId}##${appId}`).toString("base64url");
}
