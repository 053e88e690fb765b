import { performance } from "node:perf_hooks";
import type { DemoOrg } from "../../src/demo/org.js";
import { actionsOf, elementIds, formErrors, isRefusal, visibleText, type CardAction } from "../channels/teams/support/card-reader.js";
import { startFakeBotConnector, type ActivityJson, type FakeBotConnector, type FakeConversation, type FakeTeamsUser, type RecordedActivity } from "../fakes/bot-connector/index.js";
import { startTokenIssuer, type TokenIssuer } from "../fakes/token-issuer/index.js";
import type { ChannelDriver, PersonaKey, PressOutcome, RenderedCopy, Subject } from "./driver.js";
import type { AcceptanceWorld, ChannelKit } from "./world.js";

export const TEAMS_BOT_APP_ID = "5b7c1e2a-9d4f-4c3b-8a6e-0f1d2c3b4a59";
const TEAMS_BOT_SECRET = "acceptance-teams-secret";
const TEAMS_APP_ID = "3f1c2b7a-8d4e-4f0a-9b6c-1e2d3c4b5a60";
const SECURITY_CHANNEL_ID = "19:security-alerts@thread.tacv2";
const TEAM_ID = "19:security-team@thread.tacv2";

type Json = Record<string, unknown>;

/** Teams user id of a demo person (opaque in Teams; readable here). */
export function teamsUserIdOf(humanId: string): string {
  return `29:${humanId}`;
}

/** Everyone in the demo organisation signs in to Teams with their staff account. */
export function teamsUsersOf(org: DemoOrg): FakeTeamsUser[] {
  return org.humans.flatMap((h) => {
    const staff = org.identities.find((i) => i.humanId === h.id && i.type === "staff");
    return staff ? [{ id: teamsUserIdOf(h.id), aadObjectId: staff.objectId, name: h.displayName, email: h.email, userPrincipalName: staff.userPrincipalName }] : [];
  });
}

function cardOf(activity: ActivityJson): Json | undefined {
  const attachments = activity.attachments as { contentType?: string; content?: Json }[] | undefined;
  return attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")?.content;
}

function subjectIdOf(subject: Subject): string {
  return "requestId" in subject ? subject.requestId : subject.reviewItemId;
}

/** A message as one person sees it now: the last of the post, its updates and their own action answers. */
interface Shown {
  conversationId: string;
  activityId: string;
  postedAtMs: number;
  card?: Json;
  text: string;
}

/** Acts as the personas through Teams: signed activities into the bot, the fake Bot Connector as what they see. */
export class TeamsDriver implements ChannelDriver {
  readonly name = "teams" as const;
  /** Cards the bot answered a person's action with: Teams shows them to that person in place of the card. */
  private readonly answers: { userId: string; activityId: string; atMs: number; card: Json }[] = [];
  private securityChannel: FakeConversation | undefined;

  constructor(
    private readonly w: AcceptanceWorld,
    private readonly connector: FakeBotConnector,
    private readonly users: Map<string, FakeTeamsUser>,
  ) {}

  private userOf(who: PersonaKey): FakeTeamsUser {
    const user = this.users.get(this.w.humanId(who));
    if (!user) throw new Error(`${who} has no Teams account`);
    return user;
  }

  private personal(who: PersonaKey): FakeConversation {
    return this.connector.personalConversation(this.userOf(who));
  }

  private send(who: PersonaKey, activity: ActivityJson, conversation?: FakeConversation) {
    return this.connector.sendToBot(activity, { user: this.userOf(who), conversation: conversation ?? this.personal(who) });
  }

  /** What `viewer` sees of each message in a conversation, oldest first. */
  private shown(conversationId: string, viewer?: FakeTeamsUser): Shown[] {
    const latest = (posted: RecordedActivity): Shown => {
      let card = cardOf(posted.activity);
      let at = posted.atMs;
      for (const u of this.connector.updates) {
        if (u.conversationId === conversationId && u.activityId === posted.activityId && u.atMs >= at) {
          card = cardOf(u.activity) ?? card;
          at = u.atMs;
        }
      }
      for (const a of this.answers) {
        if (viewer && a.userId === viewer.id && a.activityId === posted.activityId && a.atMs >= at) {
          card = a.card;
          at = a.atMs;
        }
      }
      return { conversationId, activityId: posted.activityId, postedAtMs: posted.atMs, card, text: card ? visibleText(card) : String(posted.activity.text ?? "") };
    };
    return this.connector.sent.filter((s) => s.conversationId === conversationId).map(latest);
  }

  /** Teams fetches a personal view when the card lists the viewer in refresh.userIds; so does this driver. */
  private async refreshed(shown: Shown, who: PersonaKey, conversation: FakeConversation): Promise<Shown> {
    const refresh = shown.card?.refresh as { userIds?: string[]; action?: { verb?: string; data?: Json } } | undefined;
    const user = this.userOf(who);
    if (!refresh?.action || !refresh.userIds?.includes(user.id)) return shown;
    const res = await this.invokeAction(who, conversation, shown.activityId, String(refresh.action.verb), refresh.action.data ?? {});
    const card = this.cardAnswerOf(res.body);
    return card ? { ...shown, card, text: visibleText(card) } : shown;
  }

  private latestAbout(conversationId: string, subject: Subject, viewer?: FakeTeamsUser, label?: string): Shown | undefined {
    const id = subjectIdOf(subject);
    return this.shown(conversationId, viewer)
      .filter((s) => s.card && elementIds(s.card).includes(id) && (!label || actionsOf(s.card).some((a) => a.title === label)))
      .at(-1);
  }

  private conversationsOf(who: PersonaKey): FakeConversation[] {
    return [this.personal(who), ...(this.securityChannel ? [this.securityChannel] : [])];
  }

  private async copyToPress(who: PersonaKey, subject: Subject, label: string): Promise<{ shown: Shown; conversation: FakeConversation }> {
    for (const conversation of this.conversationsOf(who)) {
      const plain = this.latestAbout(conversation.id, subject, this.userOf(who));
      if (!plain) continue;
      const shown = await this.refreshed(plain, who, conversation);
      if (shown.card && actionsOf(shown.card).some((a) => a.title === label)) return { shown, conversation };
    }
    throw new Error(`${who} holds no copy of ${JSON.stringify(subject)} with "${label}"`);
  }

  private invokeAction(who: PersonaKey, conversation: FakeConversation, replyToId: string | undefined, verb: string, data: Json) {
    return this.send(who, { type: "invoke", name: "adaptiveCard/action", ...(replyToId ? { replyToId } : {}), value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } }, conversation);
  }

  private cardAnswerOf(body: unknown): Json | undefined {
    const b = body as { type?: string; value?: Json } | undefined;
    return b?.type === "application/vnd.microsoft.card.adaptive" ? b.value : undefined;
  }

  private async act(who: PersonaKey, conversation: FakeConversation, replyToId: string | undefined, action: CardAction, input?: { reason?: string; choice?: string }): Promise<PressOutcome> {
    let target = action;
    const data: Json = { ...action.data };
    if (action.type === "Action.ShowCard") {
      if (!action.confirm) throw new Error(`"${action.title}" opens nothing to confirm`);
      target = action.confirm;
      Object.assign(data, target.data);
      for (const field of action.inputs) {
        data[field.id] = field.type === "Input.ChoiceSet" ? (input?.choice ?? field.choices[0] ?? "") : (input?.reason ?? "Not needed any more, thanks");
      }
    }
    const res = await this.invokeAction(who, conversation, replyToId, String(target.verb), data);
    if (res.status !== 200) return { refused: true, text: JSON.stringify(res.body) };
    const body = res.body as { statusCode?: number; type?: string; value?: unknown };
    const card = this.cardAnswerOf(body);
    if (card) {
      if (replyToId) this.answers.push({ userId: this.userOf(who).id, activityId: replyToId, atMs: performance.now(), card });
      return { refused: isRefusal(card), text: visibleText(card) };
    }
    if (body.type === "application/vnd.microsoft.error") return { refused: true, text: String((body.value as { message?: unknown } | undefined)?.message ?? "") };
    return { refused: false, text: String(body.value ?? "") };
  }

  async setupSecurityChannel(who: PersonaKey): Promise<void> {
    const members = (["securityOwner", "securityOwner2", who] as PersonaKey[]).map((p) => this.userOf(p).id);
    this.securityChannel = this.connector.addConversation({ id: SECURITY_CHANNEL_ID, tenantId: this.connector.tenantId, conversationType: "channel", teamId: TEAM_ID, memberIds: [...new Set(members)] });
    const before = this.connector.sent.length;
    const bot = { id: `28:${TEAMS_BOT_APP_ID}`, name: "PIM Access" };
    await this.send(who, { type: "message", text: "<at>PIM Access</at> security channel here", entities: [{ type: "mention", text: "<at>PIM Access</at>", mentioned: bot }] }, this.securityChannel);
    const answer = this.connector.sent.slice(before).map((s) => (cardOf(s.activity) ? visibleText(cardOf(s.activity)) : String(s.activity.text ?? ""))).join("\n");
    if (!answer.includes("now receives")) throw new Error(`the bot did not confirm the security channel: ${answer}`);
  }

  async say(who: PersonaKey, text: string): Promise<string[]> {
    const conversation = this.personal(who);
    const before = this.connector.sent.length;
    const res = await this.send(who, { type: "message", text });
    if (res.status !== 200) throw new Error(`message answered HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    return this.connector.sent
      .slice(before)
      .filter((s) => s.conversationId === conversation.id)
      .map((s) => (cardOf(s.activity) ? visibleText(cardOf(s.activity)) : String(s.activity.text ?? "")));
  }

  async submitRequestForm(who: PersonaKey, values: Record<string, string>): Promise<{ errors: Record<string, string> }> {
    const fetched = await this.send(who, { type: "invoke", name: "task/fetch", value: { data: { dialog: "request" }, context: { theme: "default" } } });
    const dialog = (fetched.body as { task?: { type?: string; value?: { card?: { content?: Json } } } }).task;
    const card = dialog?.value?.card?.content;
    if (fetched.status !== 200 || dialog?.type !== "continue" || !card) throw new Error(`the request dialog did not open: ${JSON.stringify(fetched.body)}`);
    const inputs = await this.fill(who, card, values);
    const submit = actionsOf(card).find((a) => a.type === "Action.Submit");
    const before = this.connector.sent.length;
    const res = await this.send(who, { type: "invoke", name: "task/submit", value: { data: { ...submit?.data, ...inputs } } });
    const task = (res.body as { task?: { type?: string; value?: { card?: { content?: Json } } } }).task;
    if (task?.type === "continue" && task.value?.card?.content) return { errors: formErrors(task.value.card.content) };
    if (task?.type !== "message") throw new Error(`unexpected dialog answer: ${JSON.stringify(res.body)}`);
    // The dialog closed: the request card arrives in the chat right after.
    const conversationId = this.personal(who).id;
    await this.connector.waitFor(() => this.connector.sent.slice(before).some((s) => s.conversationId === conversationId));
    return { errors: {} };
  }

  /** Fills a dialog's inputs like a person: typeahead fields search, others take the given or default value. */
  private async fill(who: PersonaKey, card: Json, values: Record<string, string>): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const inputs: Json[] = [];
    const walk = (el: unknown) => {
      if (Array.isArray(el)) return el.forEach(walk);
      if (!el || typeof el !== "object") return;
      const e = el as Json;
      if (typeof e.type === "string" && e.type.startsWith("Input.")) inputs.push(e);
      for (const key of ["body", "items"]) if (key in e) walk(e[key]);
    };
    walk(card.body);
    for (const input of inputs) {
      const id = String(input.id);
      const wanted = values[id];
      const query = input["choices.data"] as { dataset?: string } | undefined;
      if (wanted !== undefined && query?.dataset) {
        const res = await this.send(who, { type: "invoke", name: "application/search", value: { queryText: wanted, dataset: query.dataset, queryOptions: { skip: 0, top: 15 } } });
        const results = ((res.body as { value?: { results?: { title: string; value: string }[] } }).value?.results ?? []);
        const hit = results.find((r) => r.title.toLowerCase().startsWith(wanted.toLowerCase())) ?? results[0];
        if (!hit) throw new Error(`typeahead found nothing for "${wanted}"`);
        out[id] = hit.value;
      } else if (wanted !== undefined) {
        out[id] = wanted;
      } else if (typeof input.value === "string" && input.value !== "") {
        out[id] = input.value;
      }
    }
    return out;
  }

  async press(who: PersonaKey, subject: Subject, action: string, input?: { reason?: string; choice?: string }): Promise<PressOutcome> {
    const { shown, conversation } = await this.copyToPress(who, subject, action);
    const button = actionsOf(shown.card).find((a) => a.title === action)!;
    return this.act(who, conversation, shown.activityId, button, input);
  }

  async forge(who: PersonaKey, from: PersonaKey, subject: Subject, action: string): Promise<PressOutcome> {
    const { shown } = await this.copyToPress(from, subject, action);
    const button = actionsOf(shown.card).find((a) => a.title === action)!;
    // Sent from the forger's own chat: they never held that message.
    return this.act(who, this.personal(who), undefined, button);
  }

  async copyOf(who: PersonaKey | "securityChannel", subject: Subject): Promise<RenderedCopy | undefined> {
    if (who === "securityChannel") {
      if (!this.securityChannel) return undefined;
      const shown = this.latestAbout(this.securityChannel.id, subject);
      return shown?.card ? { text: shown.text, actions: actionsOf(shown.card).map((a) => a.title) } : undefined;
    }
    const conversation = this.personal(who);
    const plain = this.latestAbout(conversation.id, subject, this.userOf(who));
    if (!plain) return undefined;
    const shown = await this.refreshed(plain, who, conversation);
    return { text: shown.text, actions: shown.card ? actionsOf(shown.card).map((a) => a.title) : [] };
  }

  async inbox(who: PersonaKey): Promise<string[]> {
    return this.shown(this.personal(who).id, this.userOf(who)).map((s) => s.text);
  }
}

export interface TeamsKit extends ChannelKit {
  connector(): FakeBotConnector;
  issuer(): TokenIssuer;
}

/**
 * The Teams kit of the acceptance suite: a local token issuer and fake Bot Connector holding the demo
 * people, the env that makes channelsFromEnv build the production Teams module with authentication ON
 * against them, and the driver.
 */
export function teamsKit(): TeamsKit {
  let issuer: TokenIssuer | undefined;
  let connector: FakeBotConnector | undefined;
  let users = new Map<string, FakeTeamsUser>();
  return {
    name: "teams",
    async startFakes(org) {
      const started = await startTokenIssuer({ clients: { [TEAMS_BOT_APP_ID]: TEAMS_BOT_SECRET } });
      const list = teamsUsersOf(org);
      users = new Map(list.map((u) => [u.id.slice(3), u]));
      const fake = await startFakeBotConnector({ tokenIssuer: started, botAppId: TEAMS_BOT_APP_ID, tenantId: org.tenantId, users: list });
      issuer = started;
      connector = fake;
      const env: Record<string, string> = {
        MICROSOFT_APP_ID: TEAMS_BOT_APP_ID,
        MICROSOFT_APP_PASSWORD: TEAMS_BOT_SECRET,
        MICROSOFT_APP_TENANT_ID: org.tenantId,
        BOT_OPENID_METADATA_URL: started.openIdMetadataUrl,
        BOT_TOKEN_ISSUER: started.issuer,
        BOT_LOGIN_URL: started.loginUrl,
        TEAMS_APP_ID,
        TEAMS_SERVICE_URL: fake.serviceUrl,
      };
      return {
        env,
        close: async () => {
          await fake.close();
          await started.close();
        },
      };
    },
    async driver(world: AcceptanceWorld) {
      if (!connector) throw new Error("startFakes must run first");
      connector.botEndpoint = `${world.app.url}/api/messages`;
      return new TeamsDriver(world, connector, users);
    },
    connector() {
      if (!connector) throw new Error("no world started");
      return connector;
    },
    issuer() {
      if (!issuer) throw new Error("no world started");
      return issuer;
    },
  };
}
