import type { Entitlement } from "../../domain/entitlement.js";
import type { Human } from "../../domain/identity.js";
import type { AccessRequest } from "../../domain/request.js";
import type { RequestContext } from "../../domain/request-context.js";
import { ErrorCodes, NotFoundError } from "../../errors.js";
import type { Store } from "../../ports/store.js";

export type { RequestContext };

export async function loadRequest(store: Store, requestId: string): Promise<AccessRequest> {
  const request = await store.get("requests", requestId);
  if (!request) throw new NotFoundError(ErrorCodes.REQUEST_NOT_FOUND, `There is no access request ${requestId}.`, { requestId });
  return request;
}

export async function loadRequestContext(store: Store, requestId: string): Promise<RequestContext> {
  const request = await loadRequest(store, requestId);
  const [entitlement, identity, requester] = await Promise.all([
    store.get("entitlements", request.entitlementId),
    store.get("identities", request.identityId),
    store.get("humans", request.requesterHumanId),
  ]);
  if (!entitlement || !identity || !requester) {
    throw new NotFoundError(ErrorCodes.REQUEST_NOT_FOUND, `Access request ${requestId} refers to data that no longer exists.`, { requestId });
  }
  return { request, entitlement, identity, requester };
}

export async function loadHuman(store: Store, humanId: string): Promise<Human> {
  const human = await store.get("humans", humanId);
  if (!human) throw new NotFoundError(ErrorCodes.UNKNOWN_USER, "You are not known to the access system. Ask the service desk to link your account.", { humanId });
  return human;
}

/** Looks an entitlement up by id or by its code/display name (case-insensitive). */
export async function findEntitlement(store: Store, ref: string): Promise<Entitlement> {
  const byId = await store.get("entitlements", ref);
  if (byId) return byId;
  const wanted = ref.trim().toLowerCase();
  const all = await store.find("entitlements");
  const found = all.find((e) => e.code.toLowerCase() === wanted || e.displayName.toLowerCase() === wanted);
  if (!found) {
    throw new NotFoundError(ErrorCodes.UNKNOWN_ENTITLEMENT, `"${ref}" is not in the entitlement catalogue. Search the catalogue to find the exact name.`, { field: "entitlement", entitlement: ref });
  }
  return found;
}

/** Everything a person might show up as in audit records: the identity's UPN and object id. */
export function auditSubject(ctx: Pick<RequestContext, "identity" | "entitlement" | "request">) {
  return {
    identity: ctx.identity.userPrincipalName,
    nativeIdentity: ctx.identity.objectId,
    entitlement: ctx.entitlement.code,
    requestId: ctx.request.id,
    correlationId: ctx.request.correlationId,
  };
}
