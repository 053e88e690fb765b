import { DeliveryError, ErrorCodes } from "../../../core/errors.js";
import type { Store } from "../../../core/ports/store.js";
import type { TeamsConversations } from "../conversations/teams-conversations.js";
import type { AppInstaller } from "./app-installer.js";
import type { TeamsSender, TeamsTarget } from "./teams-sender.js";

export interface PersonalChatsOptions {
  store: Store;
  conversations: TeamsConversations;
  sender: Pick<TeamsSender, "openPersonal">;
  /** Absent: no Graph or no catalogue id configured; only people who wrote to the bot can be reached. */
  installer?: AppInstaller;
  /** Service URL for tenants we have not heard from yet. */
  defaultServiceUrl?: string;
  /** The bot's tenant, for people we have never seen. */
  tenantId?: string;
}

/**
 * Finds the 1:1 chat with a person, opening it when the bot never talked to them: install the app for
 * them through Graph (a 409 means it already is), then create the conversation with the connector and
 * remember it.
 */
export class PersonalChats {
  constructor(private readonly o: PersonalChatsOptions) {}

  async targetFor(humanId: string, correlationId: string): Promise<TeamsTarget> {
    const known = await this.o.conversations.personal(humanId);
    if (known?.conversationId) return { serviceUrl: known.serviceUrl, conversationId: known.conversationId, tenantId: known.tenantId, kind: "personal" };

    const aadObjectId = known?.aadObjectId ?? (await this.staffObjectId(humanId));
    if (!aadObjectId) throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `${humanId} has no enabled staff account, so Teams cannot reach them.`, true, { humanId });
    const tenantId = known?.tenantId ?? this.o.tenantId ?? undefined;
    const serviceUrl = known?.serviceUrl || (tenantId ? await this.o.conversations.serviceUrlIn(tenantId) : undefined) || this.o.defaultServiceUrl;
    if (!tenantId || !serviceUrl) {
      throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `${humanId} never wrote to the bot and no tenant or service URL is configured to reach them (MICROSOFT_APP_TENANT_ID, TEAMS_SERVICE_URL).`, true, { humanId });
    }
    if (!this.o.installer) {
      throw new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `${humanId} never wrote to the bot, and the app cannot be installed for them (set TEAMS_APP_ID and Graph access).`, true, { humanId });
    }
    await this.o.installer.ensureInstalled(aadObjectId, correlationId);
    const conversationId = await this.o.sender.openPersonal({ memberId: known?.userId ?? aadObjectId, tenantId, serviceUrl });
    await this.o.conversations.rememberCreated(humanId, { userId: known?.userId, aadObjectId, tenantId, serviceUrl, conversationId });
    return { serviceUrl, conversationId, tenantId, kind: "personal" };
  }

  /** Teams knows people by their staff (signed-in) account, the one the bot also resolves chat users from. */
  private async staffObjectId(humanId: string): Promise<string | undefined> {
    const identities = await this.o.store.find("identities", { humanId, type: "staff" });
    return identities.find((i) => i.accountEnabled)?.objectId;
  }
}
