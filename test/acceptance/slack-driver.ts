import { REFUSED_PREFIX } from "../../src/channels/slack/render/reply-message.js";
import type { DemoOrg } from "../../src/demo/org.js";
import {
  buttonsOf,
  fillModal,
  flattenOptions,
  FakeSlack,
  SlackRequestSender,
  visibleText,
  type FakeSlackUser,
  type SlackCall,
  type StoredMessage,
} from "../fakes/slack/index.js";
import type { ChannelDriver, PersonaKey, PressOutcome, RenderedCopy, Subject } from "./driver.js";
import type { AcceptanceWorld, ChannelKit } from "./world.js";

export const SECURITY_CHANNEL = "C0SECURITY1";
export const SLACK_SIGNING_SECRET = "acceptance-signing-secret-0123456789";

/** Slack user ids for the demo people: U + the human id's letters and digits (hum_12345 → U12345). */
export function slackUserIdOf(humanId: string): string {
  return `U${humanId.replace(/^hum_/, "").replace(/[^A-Za-z0-9]/g, "").toUpperCase()}`;
}

/** Everyone in the demo organisation has a Slack account under their work email. */
export function slackUsersOf(org: DemoOrg): FakeSlackUser[] {
  return org.humans.map((h) => ({ id: slackUserIdOf(h.id), email: h.email, realName: h.displayName }));
}

type Json = Record<string, unknown>;

function metadataSubject(m: StoredMessage): Subject | undefined {
  const meta = m.metadata as { event_payload?: { request_id?: unknown; review_item_id?: unknown } } | undefined;
  const p = meta?.event_payload;
  if (typeof p?.request_id === "string") return { requestId: p.request_id };
  if (typeof p?.review_item_id === "string") return { reviewItemId: p.review_item_id };
  return undefined;
}

function sameSubject(a: Subject | undefined, b: Subject): boolean {
  if (!a) return false;
  return "requestId" in b ? "requestId" in a && a.requestId === b.requestId : "reviewItemId" in a && a.reviewItemId === b.reviewItemId;
}

function responseUrlId(url: string): string {
  return url.slice(url.lastIndexOf("/") + 1);
}

function textOfCall(call: SlackCall): string {
  if (call.method === "views.open" || call.method === "views.push") {
    const view = call.args.view as Json;
    return visibleText(view.blocks, String((view.title as Json | undefined)?.text ?? ""));
  }
  return visibleText(call.args.blocks, typeof call.args.text === "string" ? call.args.text : "");
}

function outcome(text: string): PressOutcome {
  return { refused: text.includes(REFUSED_PREFIX), text };
}

/** Acts as the personas through Slack: signed requests into the bot, the fake Web API as what they see. */
class SlackDriver implements ChannelDriver {
  readonly name = "slack" as const;

  constructor(
    private readonly w: AcceptanceWorld,
    private readonly slack: FakeSlack,
    private readonly sender: SlackRequestSender,
  ) {}

  private userOf(who: PersonaKey): string {
    return slackUserIdOf(this.w.humanId(who));
  }

  /** The first call after `before` that matches: what the bot did in answer to one interaction. */
  private next(before: ReadonlySet<SlackCall>, predicate: (c: SlackCall) => boolean): Promise<SlackCall> {
    return this.slack.waitFor((c) => !before.has(c) && predicate(c));
  }

  private answerTo(before: ReadonlySet<SlackCall>, interaction: { responseUrl?: string; triggerId: string }): Promise<SlackCall> {
    const urlId = interaction.responseUrl ? responseUrlId(interaction.responseUrl) : undefined;
    return this.next(before, (c) => (c.method === "response_url" && c.args.response_url_id === urlId) || (c.method.startsWith("views.") && c.args.trigger_id === interaction.triggerId));
  }

  async setupSecurityChannel(who: PersonaKey): Promise<void> {
    const answers = await this.say(who, "security channel here", SECURITY_CHANNEL);
    if (!answers.join("\n").includes("now receives")) throw new Error(`the bot did not confirm the security channel: ${answers.join(" / ")}`);
  }

  async say(who: PersonaKey, text: string, channelId?: string): Promise<string[]> {
    const before = new Set(this.slack.calls);
    const res = await this.sender.slashCommand({ userId: this.userOf(who), text, channelId });
    if (res.status !== 200) throw new Error(`slash command answered HTTP ${res.status}: ${res.text}`);
    const answer = await this.answerTo(before, res);
    return [res.text, textOfCall(answer)].filter((t) => t.trim() !== "");
  }

  async submitRequestForm(who: PersonaKey, values: Record<string, string>): Promise<{ errors: Record<string, string> }> {
    const userId = this.userOf(who);
    const before = new Set(this.slack.calls);
    const cmd = await this.sender.slashCommand({ userId, text: "request" });
    const opened = await this.answerTo(before, cmd);
    if (opened.method !== "views.open" || !opened.response.ok) throw new Error(`the request form did not open: ${textOfCall(opened)}`);
    const view = opened.response.view as Json;
    const state = await fillModal(view.blocks, values, async ({ blockId, actionId, query }) => {
      const reply = await this.sender.optionsRequest({ userId, actionId, blockId, value: query, view: { id: String(view.id), callbackId: String(view.callback_id) } });
      return flattenOptions(reply.json());
    });
    const beforeSubmit = new Set(this.slack.calls);
    const submitted = await this.sender.viewSubmission({ userId, callbackId: String(view.callback_id), viewId: String(view.id), values: state });
    const body = submitted.text ? submitted.json<Json>() : {};
    if (body.response_action === "errors") return { errors: body.errors as Record<string, string> };
    if (body.response_action === "update") return { errors: { form: visibleText((body.view as Json).blocks) } };
    // Closed: the requester gets the card in their DM with the bot.
    const dm = this.slack.dmChannelFor(userId);
    await this.next(beforeSubmit, (c) => c.method === "chat.postMessage" && c.args.channel === dm);
    return { errors: {} };
  }

  /** The latest copy of `subject` in `channel` that (optionally) offers `label`. */
  private latestCopy(channel: string, subject: Subject, label?: string): StoredMessage | undefined {
    return this.slack
      .messages(channel)
      .filter((m) => sameSubject(metadataSubject(m), subject) && (!label || buttonsOf(m.blocks).some((b) => b.label === label)))
      .at(-1);
  }

  /** A person's copy is in their DM; security owners act on the security channel's copy. */
  private copyToPress(who: PersonaKey, subject: Subject, label: string): StoredMessage {
    const copy = this.latestCopy(this.slack.dmChannelFor(this.userOf(who)), subject, label) ?? this.latestCopy(SECURITY_CHANNEL, subject, label);
    if (!copy) throw new Error(`${who} holds no copy of ${JSON.stringify(subject)} with "${label}"`);
    return copy;
  }

  private async click(who: PersonaKey, copy: StoredMessage, label: string, input?: { reason?: string; choice?: string }): Promise<PressOutcome> {
    const button = buttonsOf(copy.blocks).find((b) => b.label === label);
    if (!button) throw new Error(`no "${label}" button on the copy`);
    const userId = this.userOf(who);
    const before = new Set(this.slack.calls);
    const res = await this.sender.blockAction({ userId, actionId: button.actionId, blockId: button.blockId, value: button.value, message: { channel: copy.channel, ts: copy.ts } });
    if (res.status !== 200) throw new Error(`block action answered HTTP ${res.status}: ${res.text}`);
    const answer = await this.answerTo(before, res);
    if (answer.method !== "views.open") return outcome(textOfCall(answer));

    // The action asked for a reason or a choice first.
    const view = answer.response.view as Json;
    const state = await fillModal(view.blocks, { reason: input?.reason ?? "Not needed any more", choice: input?.choice });
    const beforeSubmit = new Set(this.slack.calls);
    const submitted = await this.sender.viewSubmission({ userId, callbackId: String(view.callback_id), viewId: String(view.id), values: state });
    const body = submitted.text ? submitted.json<Json>() : {};
    if (body.response_action === "errors") return { refused: true, text: Object.values(body.errors as Json).join("\n") };
    if (body.response_action === "update") return outcome(visibleText((body.view as Json).blocks));
    const note = await this.next(beforeSubmit, (c) => c.method === "chat.postEphemeral" && c.args.user === userId);
    return outcome(textOfCall(note));
  }

  press(who: PersonaKey, subject: Subject, action: string, input?: { reason?: string; choice?: string }): Promise<PressOutcome> {
    return this.click(who, this.copyToPress(who, subject, action), action, input);
  }

  forge(who: PersonaKey, from: PersonaKey, subject: Subject, action: string): Promise<PressOutcome> {
    return this.click(who, this.copyToPress(from, subject, action), action);
  }

  async copyOf(who: PersonaKey | "securityChannel", subject: Subject): Promise<RenderedCopy | undefined> {
    const channel = who === "securityChannel" ? SECURITY_CHANNEL : this.slack.dmChannelFor(this.userOf(who));
    const copy = this.latestCopy(channel, subject);
    if (!copy) return undefined;
    return { text: visibleText(copy.blocks, copy.text), actions: buttonsOf(copy.blocks).filter((b) => b.actionId.startsWith("pim.act.") || b.actionId.startsWith("pim.ask.")).map((b) => b.label) };
  }

  async inbox(who: PersonaKey): Promise<string[]> {
    const userId = this.userOf(who);
    const messages = this.slack.messages(this.slack.dmChannelFor(userId)).map((m) => ({ ts: m.ts, text: visibleText(m.blocks, m.text) }));
    const ephemerals = this.slack.ephemerals().filter((e) => e.user === userId).map((e) => ({ ts: e.ts, text: visibleText(e.blocks, e.text) }));
    return [...messages, ...ephemerals].sort((a, b) => Number(a.ts) - Number(b.ts)).map((m) => m.text);
  }
}

export interface SlackKitOptions {
  /** Slack accounts besides the demo people (e.g. someone the access system does not know). */
  extraUsers?: FakeSlackUser[];
  /** Demo people who have no Slack account. */
  withoutSlack?: (org: DemoOrg) => string[];
  /** Leave SLACK_SECURITY_CHANNEL unset. */
  noSecurityChannel?: boolean;
}

export interface SlackKit extends ChannelKit {
  /** The fake Slack of the current world. */
  fake(): FakeSlack;
  /** Signs requests into the current world's bot. */
  sender(): SlackRequestSender;
}

/** The Slack kit of the acceptance suite: fake Slack with the demo people, env for channelsFromEnv, the driver. */
export function slackKit(options: SlackKitOptions = {}): SlackKit {
  let slack: FakeSlack | undefined;
  let sender: SlackRequestSender | undefined;
  return {
    name: "slack",
    async startFakes(org) {
      const without = new Set(options.withoutSlack?.(org) ?? []);
      const users = slackUsersOf({ ...org, humans: org.humans.filter((h) => !without.has(h.id)) });
      slack = await FakeSlack.start({ users: [...users, ...(options.extraUsers ?? [])] });
      const started = slack;
      const env: Record<string, string> = { SLACK_BOT_TOKEN: started.botToken, SLACK_SIGNING_SECRET: SLACK_SIGNING_SECRET, SLACK_API_URL: started.apiUrl };
      if (!options.noSecurityChannel) env.SLACK_SECURITY_CHANNEL = SECURITY_CHANNEL;
      return { env, close: () => started.close() };
    },
    async driver(world) {
      if (!slack) throw new Error("startFakes must run first");
      sender = new SlackRequestSender({ url: `${world.app.url}/slack/events`, signingSecret: SLACK_SIGNING_SECRET, slack, now: () => world.clock.now() });
      return new SlackDriver(world, slack, sender);
    },
    fake() {
      if (!slack) throw new Error("no world started");
      return slack;
    },
    sender() {
      if (!sender) throw new Error("no world started");
      return sender;
    },
  };
}
