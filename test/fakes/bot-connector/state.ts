import { EventEmitter } from "node:events";
import type { ActivityJson, FakeConversation, FakeTeamsUser } from "./teams-activity.js";
import type { WindowLimit } from "./windows.js";

export type WriteKind = "send" | "reply" | "update" | "delete";

/** One write the bot made, as the connector received it. */
export interface RecordedActivity {
  kind: WriteKind;
  /** Wall-clock time, for reading; ordering and windows use `atMs`. */
  at: Date;
  /** The connector's monotonic clock (ms) when the request arrived. */
  atMs: number;
  conversationId: string;
  activityId: string;
  replyToId?: string;
  /** The activity JSON exactly as the bot sent it (empty for deletes). */
  activity: ActivityJson;
}

export interface ThrottleRecord {
  conversationId: string;
  tenantId: string;
  atMs: number;
  retryAfterSeconds: number;
  scope: "conversation" | "tenant";
  exceeded: WindowLimit;
}

export interface RefusalRecord {
  status: 401 | 403 | 404;
  path: string;
  reason: string;
  atMs: number;
}

/** Everything the fake remembers; tests read it, routes append to it and announce changes. */
export class ConnectorState {
  readonly sent: RecordedActivity[] = [];
  readonly updates: RecordedActivity[] = [];
  readonly deletes: RecordedActivity[] = [];
  readonly conversations: FakeConversation[] = [];
  readonly throttled: ThrottleRecord[] = [];
  readonly refused: RefusalRecord[] = [];
  readonly users = new Map<string, FakeTeamsUser>();
  readonly blockedUsers = new Set<string>();
  readonly blockedConversations = new Set<string>();
  readonly changes = new EventEmitter();
  #nextActivity = 1;

  nextActivityId(): string {
    return String(1_700_000_000_000 + this.#nextActivity++);
  }

  conversation(id: string): FakeConversation | undefined {
    return this.conversations.find((c) => c.id === id);
  }

  addConversation(conversation: FakeConversation): FakeConversation {
    const existing = this.conversation(conversation.id);
    if (existing) return existing;
    this.conversations.push(conversation);
    this.changed();
    return conversation;
  }

  isBlocked(conversation: FakeConversation): boolean {
    return this.blockedConversations.has(conversation.id) || (conversation.conversationType === "personal" && conversation.memberIds.some((m) => this.blockedUsers.has(m)));
  }

  changed(): void {
    this.changes.emit("change");
  }
}
