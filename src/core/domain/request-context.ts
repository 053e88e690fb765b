import type { Entitlement } from "./entitlement.js";
import type { Human, Identity } from "./identity.js";
import type { AccessRequest } from "./request.js";

/** A request with everything needed to check, audit and render it. */
export interface RequestContext {
  request: AccessRequest;
  entitlement: Entitlement;
  identity: Identity;
  requester: Human;
}
