import type { EntitlementTarget } from "../../../core/domain/entitlement.js";
import type { IdGenerator } from "../../../core/ports/ids.js";
import type { CatalogSyncItem, Directory } from "../../../core/ports/provisioning.js";
import type { CallContext } from "../audit/graph-call-audit.js";
import { errorFromReply } from "../errors/map-graph-error.js";
import { GOVERNANCE_ATTRIBUTES, extensionName } from "../governance-attributes.js";
import type { GraphCaller } from "../graph-caller.js";
import { graphErrorOf, type GraphRequestSpec } from "../http/graph-reply.js";
import { odataString, SCHEDULE_ENDPOINTS } from "../provisioning/schedule-endpoints.js";
import { groupToCatalogItem, roleToCatalogItem, type GraphGroup, type GraphRoleDefinition } from "./catalog-mapping.js";
import { readAllPages } from "./paging.js";

export interface GraphDirectoryOptions {
  graphBaseUrl: string;
  governanceExtensionAppId?: string;
  /** Actor recorded on the audit of directory reads (they are not made on anyone's behalf). */
  actor: string;
  pageSize: number;
}

/** Activation requests that did not give the holder the role do not count as activity. */
const NOT_ACTIVATED = new Set(["Denied", "Canceled", "Failed", "AdminDenied", "Invalid", "TimedOut", "PendingApproval"]);

/** Evidence and catalogue reads, through the same audited, retried, circuit-broken caller as the writes. */
export class GraphDirectory implements Directory {
  constructor(
    private readonly caller: GraphCaller,
    private readonly ids: IdGenerator,
    private readonly options: GraphDirectoryOptions,
  ) {}

  async managerOf(principalId: string): Promise<{ objectId: string; userPrincipalName: string } | undefined> {
    const spec: GraphRequestSpec = { method: "GET", path: `/users/${principalId}/manager?$select=id,userPrincipalName` };
    const reply = await this.caller.call(spec, this.ctx(principalId));
    // Graph answers 404 Request_ResourceNotFound both for "no manager" and for an unknown user.
    if (reply.status === 404 && graphErrorOf(reply).code === "Request_ResourceNotFound") return undefined;
    if (reply.status !== 200) throw errorFromReply(spec, reply);
    const m = reply.body as { id?: string; userPrincipalName?: string };
    return m.id ? { objectId: m.id, userPrincipalName: m.userPrincipalName ?? "" } : undefined;
  }

  async lastSignIn(principalId: string): Promise<string | undefined> {
    const spec: GraphRequestSpec = { method: "GET", path: `/users/${principalId}?$select=id,signInActivity` };
    const reply = await this.caller.call(spec, this.ctx(principalId));
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) throw errorFromReply(spec, reply);
    return (reply.body as { signInActivity?: { lastSignInDateTime?: string | null } }).signInActivity?.lastSignInDateTime ?? undefined;
  }

  /**
   * Newest activation: self-activation requests keep the history, active instances of type
   * "activated" cover one that is running now; the later of the two wins.
   */
  async lastActivation(principalId: string, target: EntitlementTarget): Promise<string | undefined> {
    if (target.mechanism === "group") return undefined; // plain membership is never activated
    const ctx = this.ctx(principalId, target);
    const endpoints = target.mechanism === "entraRole" ? SCHEDULE_ENDPOINTS.roleAssignment : SCHEDULE_ENDPOINTS.groupAssignment;
    const who =
      target.mechanism === "entraRole"
        ? `principalId eq ${odataString(principalId)} and roleDefinitionId eq ${odataString(target.roleDefinitionId)}`
        : `groupId eq ${odataString(target.groupId)} and principalId eq ${odataString(principalId)}`;
    const activatedType = target.mechanism === "entraRole" ? "Activated" : "activated";
    const [requests, instances] = await Promise.all([
      readAllPages<{ createdDateTime?: string; status?: string }>(
        this.caller,
        this.options.graphBaseUrl,
        { method: "GET", path: `${endpoints.requests}?$filter=${who} and action eq 'selfActivate'&$select=id,createdDateTime,status` },
        ctx,
      ),
      readAllPages<{ startDateTime?: string | null }>(
        this.caller,
        this.options.graphBaseUrl,
        { method: "GET", path: `${endpoints.instances}?$filter=${who} and assignmentType eq '${activatedType}'` },
        ctx,
      ),
    ]);
    const times = [
      ...requests.filter((r) => !NOT_ACTIVATED.has(r.status ?? "")).map((r) => r.createdDateTime),
      ...instances.map((i) => i.startDateTime),
    ].filter((t): t is string => typeof t === "string" && !Number.isNaN(Date.parse(t)));
    if (times.length === 0) return undefined;
    return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  }

  async listCatalog(): Promise<CatalogSyncItem[]> {
    const ctx = this.ctx();
    const appId = this.options.governanceExtensionAppId;
    const select = ["id", "displayName", "description", ...(appId ? GOVERNANCE_ATTRIBUTES.map((a) => extensionName(appId, a)) : [])].join(",");
    const top = this.options.pageSize;
    const groupQueries = [`startswith(displayName,'AZZ-RBAC-')`];
    // M365 role groups follow no naming pattern; only their governance attribute identifies them.
    if (appId) groupQueries.push(`${extensionName(appId, "entitlementType")} eq 'M365_ROLE'`);
    const [roles, ...groupPages] = await Promise.all([
      readAllPages<GraphRoleDefinition>(
        this.caller,
        this.options.graphBaseUrl,
        { method: "GET", path: "/roleManagement/directory/roleDefinitions?$select=id,displayName,description,isEnabled" },
        ctx,
      ),
      ...groupQueries.map((filter) =>
        readAllPages<GraphGroup>(
          this.caller,
          this.options.graphBaseUrl,
          // Filtering on extension attributes can need Graph's advanced query mode; it is harmless for the name filter.
          { method: "GET", path: `/groups?$filter=${filter}&$select=${select}&$top=${top}&$count=true`, headers: { ConsistencyLevel: "eventual" } },
          ctx,
        ),
      ),
    ]);
    const seen = new Set<string>();
    const groups = groupPages.flat().filter((g) => (seen.has(g.id) ? false : (seen.add(g.id), true)));
    return [
      ...roles.filter((r) => r.isEnabled !== false).map(roleToCatalogItem),
      ...groups.map((g) => groupToCatalogItem(g, appId)),
    ];
  }

  private ctx(principalId?: string, target?: EntitlementTarget): CallContext {
    return {
      actor: this.options.actor,
      correlationId: this.ids.next("correlation"),
      nativeIdentity: principalId,
      entitlement: target ? (target.mechanism === "entraRole" ? target.roleDefinitionId : target.groupId) : undefined,
    };
  }
}
