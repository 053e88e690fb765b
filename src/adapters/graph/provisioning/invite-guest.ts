import { b2bBaseGroupName, b2bDisplayName } from "../../../core/domain/identity.js";
import type { ProvisioningChange, ProvisioningResult } from "../../../core/ports/provisioning.js";
import type { CallContext } from "../audit/graph-call-audit.js";
import { errorFromReply } from "../errors/map-graph-error.js";
import type { GraphCaller } from "../graph-caller.js";
import { graphErrorOf, isSuccess, type GraphRequestSpec } from "../http/graph-reply.js";
import type { ChangeFinisher } from "./finish-change.js";
import type { PlannedChange } from "./plan-change.js";
import { odataString } from "./schedule-endpoints.js";

type InviteChange = Extract<ProvisioningChange, { op: "inviteGuest" }>;

/**
 * B2B onboarding: invite the guest, then put them in their partner's base group. A missing base group
 * is reported as `partial` (the guest exists, the group must be created and the guest added), as the
 * source design's createB2BUser does, rather than failing a change that has half happened.
 */
export class GuestInviter {
  constructor(
    private readonly caller: GraphCaller,
    private readonly finisher: ChangeFinisher,
    private readonly graphBaseUrl: string,
  ) {}

  async invite(change: InviteChange, ctx: CallContext): Promise<ProvisioningResult> {
    const inviteSpec: GraphRequestSpec = {
      method: "POST",
      path: "/invitations",
      body: {
        invitedUserEmailAddress: change.email,
        invitedUserDisplayName: b2bDisplayName(change.firstName, change.lastName, change.partner),
        inviteRedirectUrl: change.redirectUrl,
        invitedUserType: "Guest",
        sendInvitationMessage: true,
      },
    };
    const invited = await this.caller.call(inviteSpec, ctx);
    if (!isSuccess(invited)) throw errorFromReply(inviteSpec, invited);
    const userId = (invited.body as { invitedUser?: { id?: string } })?.invitedUser?.id;
    if (!userId) throw errorFromReply(inviteSpec, { ...invited, status: 502 });
    const ids = invited.requestId ? [invited.requestId] : [];
    const guestCtx = { ...ctx, nativeIdentity: userId };

    const groupName = b2bBaseGroupName(change.partner);
    const groupId = change.baseGroupId ?? (await this.findGroupId(groupName, guestCtx, ids));
    if (!groupId) return partial(userId, ids, `Guest invited, but base group ${groupName} does not exist; create it and add the guest`);

    const plan: PlannedChange = {
      change: { op: "grant", kind: "active", target: { mechanism: "group", groupId }, principalId: userId, startAt: "", endAt: "", justification: "B2B base group" },
      write: { method: "POST", path: `/groups/${groupId}/members/$ref`, body: { "@odata.id": `${this.graphBaseUrl}/directoryObjects/${userId}` } },
      desired: { kind: "membership", groupId, principalId: userId, present: true },
    };
    const added = await this.caller.call(plan.write as GraphRequestSpec, { ...guestCtx, entitlement: groupId });
    if (added.requestId) ids.push(added.requestId);
    if (added.status === 404 && graphErrorOf(added).code === "Request_ResourceNotFound") {
      return partial(userId, ids, `Guest invited, but base group ${groupName} (${groupId}) does not exist; create it and add the guest`);
    }
    const membership = await this.finisher.finish(plan, added, { ...guestCtx, entitlement: groupId }, []);
    return { outcome: "applied", objectId: userId, graphRequestIds: [...ids, ...membership.graphRequestIds] };
  }

  private async findGroupId(displayName: string, ctx: CallContext, ids: string[]): Promise<string | undefined> {
    const spec: GraphRequestSpec = { method: "GET", path: `/groups?$filter=displayName eq ${odataString(displayName)}&$select=id,displayName` };
    const reply = await this.caller.call(spec, ctx);
    if (reply.requestId) ids.push(reply.requestId);
    if (reply.status !== 200) throw errorFromReply(spec, reply);
    return (reply.body as { value?: Array<{ id?: string }> })?.value?.[0]?.id;
  }
}

function partial(objectId: string, graphRequestIds: string[], message: string): ProvisioningResult {
  return { outcome: "partial", objectId, graphRequestIds, message };
}
