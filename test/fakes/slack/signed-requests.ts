import { createHmac } from "node:crypto";
import type { FakeSlack } from "./fake-slack.js";
import {
  blockActionsPayload,
  blockSuggestionPayload,
  eventCallback,
  slashCommandFields,
  viewSubmissionPayload,
  type Json,
  type PayloadContext,
  type ViewRef,
} from "./payloads.js";

/** How to break the signature, for tests of the receiver's defences. */
export interface SigningVariant {
  /** Sign with another secret. */
  secret?: string;
  /** Claim another time in X-Slack-Request-Timestamp (and sign for it). */
  timestamp?: Date;
  /** Change the body after signing it. */
  tamper?: (rawBody: string) => string;
  /** Extra headers, e.g. X-Slack-Retry-Num. */
  headers?: Record<string, string>;
}

export interface BotReply {
  status: number;
  contentType: string | null;
  text: string;
  json<T = Json>(): T;
}

export interface SlackRequestSenderOptions {
  /** The bot's endpoint, e.g. http://127.0.0.1:3000/slack/events. */
  url: string;
  signingSecret: string;
  /** Issues the trigger_ids and response_urls, and knows the users and messages. */
  slack: FakeSlack;
  /** Time Slack claims to send at; use the same clock as the receiver so tests do not depend on the wall clock. */
  now?: () => Date;
}

/**
 * Sends requests to the bot as Slack does: real payload shapes, form or JSON encoded as Slack encodes
 * them, signed with the signing secret.
 */
export class SlackRequestSender {
  private eventCounter = 0;

  constructor(private readonly options: SlackRequestSenderOptions) {}

  /** The bot endpoint requests go to, for tests that post something Slack would never sign. */
  get url(): string {
    return this.options.url;
  }

  async slashCommand(
    input: { userId: string; command?: string; text?: string; channelId?: string },
    variant?: SigningVariant,
  ): Promise<BotReply & { triggerId: string; responseUrl: string }> {
    const { slack } = this.options;
    const channelId = input.channelId ?? slack.dmChannelFor(input.userId);
    const triggerId = slack.issueTriggerId(input.userId);
    const responseUrl = slack.responseUrl({ channel: channelId, userId: input.userId });
    const fields = slashCommandFields(this.context(input.userId), {
      command: input.command ?? "/pim",
      text: input.text ?? "",
      channelId,
      channelName: channelId.startsWith("D") ? "directmessage" : "unknown",
      triggerId,
      responseUrl,
    });
    const reply = await this.post("application/x-www-form-urlencoded", new URLSearchParams(fields).toString(), variant);
    return { ...reply, triggerId, responseUrl };
  }

  /** A button click (or select) on a posted message, or inside a view when `view` is given. */
  async blockAction(
    input: {
      userId: string;
      actionId: string;
      blockId?: string;
      value?: string;
      /** The element as Slack reports it; defaults to a button with `value`. */
      action?: Json;
      message?: { channel: string; ts: string };
      view?: ViewRef;
    },
    variant?: SigningVariant,
  ): Promise<BotReply & { triggerId: string; responseUrl?: string }> {
    const { slack } = this.options;
    const triggerId = slack.issueTriggerId(input.userId);
    const blockId = input.blockId ?? "actions";
    const action = input.action ?? { type: "button", text: { type: "plain_text", text: "Button" }, value: input.value ?? "" };
    let message: { channel: string; ts: string; body: Json; responseUrl: string } | undefined;
    if (input.message) {
      const stored = slack.messages(input.message.channel).find((m) => m.ts === input.message!.ts);
      const body: Json = stored
        ? { type: "message", ts: stored.ts, user: stored.user, bot_id: stored.botId, text: stored.text ?? "", blocks: stored.blocks ?? [] }
        : { type: "message", ts: input.message.ts, text: "" };
      const responseUrl = slack.responseUrl({ channel: input.message.channel, userId: input.userId, messageTs: input.message.ts });
      message = { ...input.message, body, responseUrl };
    }
    const payload = blockActionsPayload(this.context(input.userId), { actionId: input.actionId, blockId, action, triggerId, message, view: input.view });
    const reply = await this.postPayload(payload, variant);
    return { ...reply, triggerId, ...(message ? { responseUrl: message.responseUrl } : {}) };
  }

  /** Submitting a modal; `values` is view.state.values as Slack sends it (block_id → action_id → element state). */
  async viewSubmission(
    input: { userId: string; callbackId: string; values?: Json; privateMetadata?: string; viewId?: string },
    variant?: SigningVariant,
  ): Promise<BotReply & { triggerId: string }> {
    const { slack } = this.options;
    const stored = input.viewId ? slack.views().find((v) => v.id === input.viewId) : undefined;
    const view: ViewRef = {
      id: input.viewId ?? "V0SUBMITTED",
      callbackId: input.callbackId,
      privateMetadata: input.privateMetadata ?? (stored?.view.private_metadata as string | undefined),
      blocks: (stored?.view.blocks as unknown[] | undefined) ?? [],
      ...(stored ? { hash: stored.hash } : {}),
      values: input.values ?? {},
    };
    const triggerId = slack.issueTriggerId(input.userId);
    const reply = await this.postPayload(viewSubmissionPayload(this.context(input.userId), { view, triggerId }), variant);
    return { ...reply, triggerId };
  }

  /** The external_select typeahead request; the bot answers with `{ options }` or `{ option_groups }`. */
  async optionsRequest(
    input: { userId: string; actionId: string; blockId?: string; value: string; view?: ViewRef },
    variant?: SigningVariant,
  ): Promise<BotReply> {
    const payload = blockSuggestionPayload(this.context(input.userId), {
      actionId: input.actionId,
      blockId: input.blockId ?? "input",
      value: input.value,
      view: input.view ?? { id: "V0TYPEAHEAD" },
    });
    return this.postPayload(payload, variant);
  }

  /** An Events API delivery; pass `eventId` to send the same event again (with X-Slack-Retry-Num in `headers`). */
  async event(event: Json, input: { eventId?: string } & SigningVariant = {}): Promise<BotReply & { eventId: string }> {
    const { slack } = this.options;
    this.eventCounter += 1;
    const eventId = input.eventId ?? `Ev${String(this.eventCounter).padStart(9, "0")}`;
    const body = eventCallback(
      { team: slack.team, appId: slack.bot.appId, token: "verification-token" },
      { event, eventId, eventTime: Math.floor(this.now().getTime() / 1000), botUserId: slack.bot.userId },
    );
    const reply = await this.post("application/json", JSON.stringify(body), input);
    return { ...reply, eventId };
  }

  urlVerification(challenge: string, variant?: SigningVariant): Promise<BotReply> {
    return this.post("application/json", JSON.stringify({ token: "verification-token", challenge, type: "url_verification" }), variant);
  }

  /** Interactivity arrives as a form with one field, `payload`, holding the JSON. */
  postPayload(payload: Json, variant?: SigningVariant): Promise<BotReply> {
    return this.post("application/x-www-form-urlencoded", new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), variant);
  }

  async post(contentType: string, rawBody: string, variant: SigningVariant = {}): Promise<BotReply> {
    const timestamp = Math.floor((variant.timestamp ?? this.now()).getTime() / 1000);
    const signature = sign(variant.secret ?? this.options.signingSecret, timestamp, rawBody);
    const sent = variant.tamper ? variant.tamper(rawBody) : rawBody;
    const res = await fetch(this.options.url, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature,
        ...variant.headers,
      },
      body: sent,
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get("content-type"),
      text,
      json: <T>() => JSON.parse(text) as T,
    };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private context(userId: string): PayloadContext {
    const { slack } = this.options;
    const user = slack.workspace.usersById.get(userId);
    return {
      team: slack.team,
      appId: slack.bot.appId,
      user: { id: userId, name: user?.name ?? user?.email.split("@")[0] ?? userId.toLowerCase() },
      token: "verification-token",
    };
  }
}

/** Independent of the production signer on purpose, so a bug there cannot hide in both. */
function sign(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}
