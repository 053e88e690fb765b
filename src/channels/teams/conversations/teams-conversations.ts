import { ConflictError } from "../../../core/errors.js";
import type { Clock } from "../../../core/ports/clock.js";
import { put, type ConversationRecord, type Store } from "../../../core/ports/store.js";
import type { ConversationKind, ConversationPlace, Sender } from "../activity/teams-activity.js";

export const TEAMS_CHANNEL = "teams";

/** What we keep about a person: enough to message them without them writing first. */
export interface PersonalReference {
  /** Teams user id (`29:…`); unknown until they write to the bot (we may have opened the chat by object id). */
  userId?: string;
  aadObjectId?: string;
  tenantId?: string;
  serviceUrl: string;
  /** Their 1:1 chat with the bot; absent when we only saw them in a group chat or channel. */
  conversationId?: string;
}

export interface SharedReference {
  serviceUrl: string;
  conversationId: string;
  kind: ConversationKind;
  tenantId?: string;
  teamId?: string;
}

const personalId = (humanId: string) => `teams:user:${humanId}`;
const securityId = (conversationId: string) => `teams:security:${conversationId}`;

function isConflict(e: unknown): boolean {
  return e instanceof ConflictError;
}

function same(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The Teams conversation references in the store's `conversations` collection: one per person (their
 * 1:1 chat, Teams user id, tenant and service URL) and one per registered security channel.
 */
export class TeamsConversations {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async personal(humanId: string): Promise<PersonalReference | undefined> {
    const doc = await this.store.get("conversations", personalId(humanId));
    return doc ? (doc.data as unknown as PersonalReference) : undefined;
  }

  /** Teams user ids of these people, where known (for `refresh.userIds`). */
  async userIds(humanIds: readonly string[]): Promise<string[]> {
    const refs = await Promise.all([...new Set(humanIds)].map((id) => this.personal(id)));
    return refs.flatMap((r) => (r?.userId ? [r.userId] : []));
  }

  /** A tenant's service URL from anyone we heard from there: Teams assigns it per region, not per person. */
  async serviceUrlIn(tenantId: string): Promise<string | undefined> {
    const all = await this.store.find("conversations", { channel: TEAMS_CHANNEL, purpose: "personal" });
    const hit = all.find((c) => (c.data as unknown as PersonalReference).tenantId === tenantId);
    return hit ? (hit.data as unknown as PersonalReference).serviceUrl : undefined;
  }

  /**
   * Keeps the person's reference current from an activity they sent. Only a 1:1 chat updates the
   * conversation id; a group chat or channel still tells us their Teams id, tenant and service URL.
   * Writes only when something changed; losing a race to a concurrent turn is fine (same facts).
   */
  async remember(humanId: string, sender: Sender, place: ConversationPlace): Promise<PersonalReference> {
    const existing = await this.store.get("conversations", personalId(humanId));
    const before = (existing?.data ?? {}) as unknown as Partial<PersonalReference>;
    const next: PersonalReference = {
      userId: sender.userId,
      aadObjectId: sender.aadObjectId ?? before.aadObjectId,
      tenantId: place.tenantId ?? before.tenantId,
      serviceUrl: place.serviceUrl || before.serviceUrl || "",
      conversationId: place.kind === "personal" ? place.conversationId : before.conversationId,
    };
    await this.savePersonal(humanId, next, existing);
    return next;
  }

  /** After we opened a 1:1 chat ourselves (proactive first contact). */
  async rememberCreated(humanId: string, ref: PersonalReference): Promise<void> {
    await this.savePersonal(humanId, ref, await this.store.get("conversations", personalId(humanId)));
  }

  private async savePersonal(humanId: string, ref: PersonalReference, existing: ConversationRecord | undefined): Promise<void> {
    const data = JSON.parse(JSON.stringify(ref)) as Record<string, unknown>;
    if (existing && same(existing.data, data)) return;
    const doc: ConversationRecord = { id: personalId(humanId), version: existing?.version ?? 0, channel: TEAMS_CHANNEL, humanId, purpose: "personal", data, updatedAt: this.clock.now().toISOString() };
    await this.store.commit([put("conversations", doc)]).catch((e: unknown) => {
      if (!isConflict(e)) throw e;
    });
  }

  async securityChannels(): Promise<SharedReference[]> {
    const docs = await this.store.find("conversations", { channel: TEAMS_CHANNEL, purpose: "security" });
    return docs.map((d) => d.data as unknown as SharedReference);
  }

  /** Makes this team channel a security channel; the flow has already checked the person's right. */
  async registerSecurityChannel(place: ConversationPlace, byHumanId: string): Promise<void> {
    const id = securityId(place.conversationId);
    const existing = await this.store.get("conversations", id);
    const data: SharedReference = { serviceUrl: place.serviceUrl, conversationId: place.conversationId, kind: place.kind, tenantId: place.tenantId, teamId: place.teamId };
    const doc: ConversationRecord = {
      id,
      version: existing?.version ?? 0,
      channel: TEAMS_CHANNEL,
      humanId: byHumanId,
      purpose: "security",
      data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
      updatedAt: this.clock.now().toISOString(),
    };
    await this.store.commit([put("conversations", doc)]);
  }
}
