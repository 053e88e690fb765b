import { pageOf, selectFields } from "../odata/collection.js";
import { badRequest, notFound } from "../pipeline/graph-fault.js";
import type { Router } from "../pipeline/router.js";
import type { FakeGroup } from "../state/model.js";
import { metadata, type RouteContext } from "./context.js";
import { userEntity } from "./users.js";

const GROUP_DEFAULTS = ["id", "displayName", "description", "mailNickname", "securityEnabled", "mailEnabled", "groupTypes"] as const;
const MEMBER_DEFAULTS = ["id", "displayName", "userPrincipalName"] as const;

function groupEntity(g: FakeGroup): Record<string, unknown> {
  return {
    id: g.id,
    displayName: g.displayName,
    description: g.description,
    mailNickname: g.mailNickname,
    securityEnabled: g.securityEnabled,
    mailEnabled: g.mailEnabled,
    groupTypes: g.groupTypes,
    // Directory extension attributes, like Graph, only come back when selected by name.
    ...g.extensions,
  };
}

export function registerGroupRoutes(router: Router, ctx: RouteContext): void {
  const group = (id: string) => {
    const g = ctx.state.group(id);
    if (!g) throw notFound(id);
    return g;
  };

  router.add("GET", "/groups", (req) => ({
    status: 200,
    body: pageOf(
      [...ctx.state.groups.values()].map(groupEntity),
      { query: req.query, selfUrl: req.selfUrl, context: metadata(req.apiRoot, "groups"), defaultPageSize: ctx.pageSize },
      (e) => selectFields(e, req.query, GROUP_DEFAULTS),
    ),
  }));

  router.add("GET", "/groups/{group-id}", (req) => ({
    status: 200,
    body: { "@odata.context": metadata(req.apiRoot, "groups/$entity"), ...selectFields(groupEntity(group(req.params["group-id"] as string)), req.query, GROUP_DEFAULTS) },
  }));

  router.add("GET", "/groups/{group-id}/members", (req) => {
    const g = group(req.params["group-id"] as string);
    const members = [...g.members].map((id) => ctx.state.user(id)).filter((u) => u !== undefined).map(userEntity);
    return {
      status: 200,
      body: pageOf(members, { query: req.query, selfUrl: req.selfUrl, context: metadata(req.apiRoot, "directoryObjects"), defaultPageSize: ctx.pageSize }, (e) => ({
        "@odata.type": "#microsoft.graph.user",
        ...selectFields(e, req.query, MEMBER_DEFAULTS),
      })),
    };
  });

  router.add("POST", "/groups/{group-id}/members/$ref", (req) => {
    const g = group(req.params["group-id"] as string);
    const ref = (req.body as { "@odata.id"?: unknown } | undefined)?.["@odata.id"];
    const userId = typeof ref === "string" ? /\/(?:directoryObjects|users)\/([^/?]+)$/i.exec(ref)?.[1] : undefined;
    if (!userId) throw badRequest("Invalid object identifier in '@odata.id'.");
    if (!ctx.state.user(userId)) throw notFound(userId);
    if (g.members.has(userId.toLowerCase())) {
      throw badRequest("One or more added object references already exist for the following modified properties: 'members'.");
    }
    g.members.add(userId.toLowerCase());
    return { status: 204 };
  });

  router.add("DELETE", "/groups/{group-id}/members/{directoryObject-id}/$ref", (req) => {
    const g = group(req.params["group-id"] as string);
    const userId = (req.params["directoryObject-id"] as string).toLowerCase();
    if (!g.members.has(userId)) throw notFound(userId);
    g.members.delete(userId);
    return { status: 204 };
  });
}
