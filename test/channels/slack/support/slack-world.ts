import type { MemoryAuditLog } from "../../../../src/adapters/audit/memory-audit-log.js";
import type { AuditRecord } from "../../../../src/core/ports/audit.js";
import type { PersonaKey, Subject } from "../../../acceptance/driver.js";
import { SCENARIO_ENTITLEMENT } from "../../../acceptance/personas.js";
import { slackKit, slackUserIdOf, type SlackKitOptions } from "../../../acceptance/slack-driver.js";
import { startWorld, type AcceptanceWorld } from "../../../acceptance/world.js";
import { buttonsOf, type FakeSlack, type RenderedButton, type SlackCall, type SlackRequestSender, type StoredMessage } from "../../../fakes/slack/index.js";

export const JUSTIFICATION = "Deploy the payments reconciliation fix to non-production";

/**
 * The production runtime with the Slack module built from env (channelsFromEnv), the fake Slack and
 * the fake tenant: the acceptance world, plus direct access to signed requests and Slack's state.
 */
export interface SlackWorld {
  w: AcceptanceWorld;
  slack: FakeSlack;
  sender: SlackRequestSender;
  user(who: PersonaKey): string;
  dm(who: PersonaKey): string;
  audit(): AuditRecord[];
  /** Everything the store holds about requests and reviews, to prove a refused call wrote nothing. */
  snapshot(): Promise<string>;
  /** The first call after `before` that matches. */
  next(before: ReadonlySet<SlackCall>, predicate: (c: SlackCall) => boolean): Promise<SlackCall>;
  /** What the bot answered to an interaction: its response_url post or the view it opened. */
  answer(before: ReadonlySet<SlackCall>, interaction: { responseUrl?: string; triggerId: string }): Promise<SlackCall>;
  /** Jane's request through the modal, settled: approvers hold their cards. */
  request(justification?: string): Promise<Subject & { requestId: string }>;
  /** Latest copy of a subject in a channel. */
  copy(channel: string, subject: Subject): StoredMessage | undefined;
  button(copy: StoredMessage, label: string): RenderedButton;
  close(): Promise<void>;
}

export function calls(slack: FakeSlack): Set<SlackCall> {
  return new Set(slack.calls);
}

export async function startSlackWorld(options: SlackKitOptions = {}): Promise<SlackWorld> {
  const kit = slackKit(options);
  const w = await startWorld(kit);
  const slack = kit.fake();
  const sender = kit.sender();
  const next = (before: ReadonlySet<SlackCall>, predicate: (c: SlackCall) => boolean) => slack.waitFor((c) => !before.has(c) && predicate(c));
  const world: SlackWorld = {
    w,
    slack,
    sender,
    user: (who) => slackUserIdOf(w.humanId(who)),
    dm: (who) => slack.dmChannelFor(slackUserIdOf(w.humanId(who))),
    audit: () => (w.app.deps.audit as MemoryAuditLog).records,
    snapshot: async () => JSON.stringify(await Promise.all((["requests", "reviews", "grants"] as const).map((c) => w.app.deps.store.find(c)))),
    next,
    answer: (before, interaction) => {
      const urlId = interaction.responseUrl?.slice(interaction.responseUrl.lastIndexOf("/") + 1);
      return next(before, (c) => (c.method === "response_url" && c.args.response_url_id === urlId) || (c.method.startsWith("views.") && c.args.trigger_id === interaction.triggerId));
    },
    async request(justification = JUSTIFICATION) {
      const form = await w.driver.submitRequestForm("requester", { entitlement: SCENARIO_ENTITLEMENT, duration: "2h", justification });
      if (Object.keys(form.errors).length > 0) throw new Error(`request refused: ${JSON.stringify(form.errors)}`);
      await w.settle();
      return { requestId: (await w.latestRequest("requester")).id };
    },
    copy: (channel, subject) =>
      slack
        .messages(channel)
        .filter((m) => {
          const p = (m.metadata as { event_payload?: Record<string, unknown> } | undefined)?.event_payload;
          return "requestId" in subject ? p?.request_id === subject.requestId : p?.review_item_id === subject.reviewItemId;
        })
        .at(-1),
    button: (copy, label) => {
      const found = buttonsOf(copy.blocks).find((b) => b.label === label);
      if (!found) throw new Error(`no "${label}" button`);
      return found;
    },
    close: () => w.close(),
  };
  return world;
}
