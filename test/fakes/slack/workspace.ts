/** The data a fake Slack workspace holds: who is in it, what was posted, which views are open. */

export interface FakeSlackUser {
  id: string;
  email: string;
  realName: string;
  name?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  metadata?: unknown;
  /** The bot user that posted it. */
  user: string;
  botId: string;
  /** How many times chat.update (or replace_original) changed it. */
  edits: number;
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
}

export interface StoredView {
  id: string;
  userId: string;
  type: "modal" | "home";
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId?: string;
  /** The view as Slack returns it: what we were sent plus id, hash, state and the other server fields. */
  view: Record<string, unknown>;
}

export interface ResponseUrlBinding {
  channel: string;
  userId: string;
  messageTs?: string;
  uses: number;
}

export const TRIGGER_TTL_MS = 3_000;

export class FakeWorkspace {
  readonly usersById = new Map<string, FakeSlackUser>();
  readonly messages: StoredMessage[] = [];
  readonly ephemerals: StoredEphemeral[] = [];
  readonly views = new Map<string, StoredView>();
  readonly homeViews = new Map<string, StoredView>();
  readonly responseUrls = new Map<string, ResponseUrlBinding>();
  readonly triggers = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  private counter = 0;

  constructor(
    readonly team: { id: string; domain: string },
    readonly bot: { userId: string; botId: string; appId: string },
    users: FakeSlackUser[],
    private readonly now: () => number,
  ) {
    for (const u of users) this.usersById.set(u.id, u);
  }

  /** Message timestamps are unique and increasing, as Slack's are within a channel. */
  nextTs(): string {
    this.counter += 1;
    return `${Math.floor(this.now() / 1000)}.${String(this.counter).padStart(6, "0")}`;
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(8, "0")}`;
  }

  /** The bot's DM channel with a user: stable, so tests can predict it. */
  dmChannelFor(userId: string): string {
    return `D${userId.replace(/^[UW]/, "")}`;
  }

  userForDm(channel: string): FakeSlackUser | undefined {
    return [...this.usersById.values()].find((u) => this.dmChannelFor(u.id) === channel);
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  issueTrigger(userId: string): string {
    this.counter += 1;
    const id = `${this.counter}.${this.team.id.replace(/\D/g, "") || "1"}.${(this.counter * 2654435761).toString(16)}`;
    this.triggers.set(id, { userId, issuedAt: this.now(), used: false });
    return id;
  }

  /** Slack accepts a trigger once, within three seconds of the interaction. */
  useTrigger(id: unknown): { ok: true; userId: string } | { ok: false; error: string } {
    if (typeof id !== "string" || id === "") return { ok: false, error: "invalid_arguments" };
    const t = this.triggers.get(id);
    if (!t) return { ok: false, error: "invalid_trigger_id" };
    if (t.used) return { ok: false, error: "exchanged_trigger_id" };
    if (this.now() - t.issuedAt > TRIGGER_TTL_MS) return { ok: false, error: "expired_trigger_id" };
    t.used = true;
    return { ok: true, userId: t.userId };
  }
}
