/**
 * The request bodies Slack sends to an app, in their real shapes (as documented and as bolt parses
 * them). Pure builders; signed-requests.ts encodes, signs and sends them.
 */
export type Json = Record<string, unknown>;

export interface PayloadContext {
  team: { id: string; domain: string };
  appId: string;
  user: { id: string; name: string };
  /** The deprecated verification token Slack still includes; bolt ignores it, so does our receiver. */
  token: string;
}

export interface ViewRef {
  id: string;
  /** "home" for App Home; modal otherwise. */
  type?: "modal" | "home";
  callbackId?: string;
  privateMetadata?: string;
  blocks?: unknown[];
  hash?: string;
  values?: Json;
}

function userOf(ctx: PayloadContext): Json {
  return { id: ctx.user.id, username: ctx.user.name, name: ctx.user.name, team_id: ctx.team.id };
}

function viewOf(ctx: PayloadContext, view: ViewRef): Json {
  return {
    id: view.id,
    team_id: ctx.team.id,
    type: view.type ?? "modal",
    blocks: view.blocks ?? [],
    private_metadata: view.privateMetadata ?? "",
    callback_id: view.callbackId ?? "",
    state: { values: view.values ?? {} },
    hash: view.hash ?? "1700000000.abc",
    title: { type: "plain_text", text: "PIM" },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: { type: "plain_text", text: "Submit" },
    previous_view_id: null,
    root_view_id: view.id,
    app_id: ctx.appId,
    external_id: "",
    app_installed_team_id: ctx.team.id,
    bot_id: "B0PIMBOT01",
  };
}

/** Slash commands are plain form fields, not a `payload`. */
export function slashCommandFields(
  ctx: PayloadContext,
  input: { command: string; text: string; channelId: string; channelName: string; triggerId: string; responseUrl: string },
): Record<string, string> {
  return {
    token: ctx.token,
    team_id: ctx.team.id,
    team_domain: ctx.team.domain,
    channel_id: input.channelId,
    channel_name: input.channelName,
    user_id: ctx.user.id,
    user_name: ctx.user.name,
    command: input.command,
    text: input.text,
    api_app_id: ctx.appId,
    is_enterprise_install: "false",
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

export interface BlockActionInput {
  actionId: string;
  blockId: string;
  action: Json;
  triggerId: string;
  /** A click on a message: Slack sends the message and a response_url. */
  message?: { channel: string; ts: string; body: Json; responseUrl: string };
  /** A click inside a modal or App Home: Slack sends the view instead. */
  view?: ViewRef;
}

export function blockActionsPayload(ctx: PayloadContext, input: BlockActionInput): Json {
  const action = { action_id: input.actionId, block_id: input.blockId, action_ts: "1700000000.000100", ...input.action };
  const common = {
    type: "block_actions",
    user: userOf(ctx),
    api_app_id: ctx.appId,
    token: ctx.token,
    trigger_id: input.triggerId,
    team: { id: ctx.team.id, domain: ctx.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  if (input.message) {
    return {
      ...common,
      container: { type: "message", message_ts: input.message.ts, channel_id: input.message.channel, is_ephemeral: false },
      channel: { id: input.message.channel, name: "unknown" },
      message: input.message.body,
      state: { values: {} },
      response_url: input.message.responseUrl,
    };
  }
  const view = input.view ?? { id: "V0UNKNOWN" };
  return { ...common, container: { type: "view", view_id: view.id }, view: viewOf(ctx, view), state: { values: view.values ?? {} } };
}

export function viewSubmissionPayload(ctx: PayloadContext, input: { view: ViewRef; triggerId: string }): Json {
  return {
    type: "view_submission",
    team: { id: ctx.team.id, domain: ctx.team.domain },
    user: userOf(ctx),
    api_app_id: ctx.appId,
    token: ctx.token,
    trigger_id: input.triggerId,
    view: viewOf(ctx, input.view),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** external_select typeahead: Slack calls the options load URL with what the user typed in `value`. */
export function blockSuggestionPayload(ctx: PayloadContext, input: { actionId: string; blockId: string; value: string; view: ViewRef }): Json {
  return {
    type: "block_suggestion",
    user: userOf(ctx),
    container: { type: "view", view_id: input.view.id },
    api_app_id: ctx.appId,
    token: ctx.token,
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    team: { id: ctx.team.id, domain: ctx.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    view: viewOf(ctx, input.view),
  };
}

export function eventCallback(
  ctx: Omit<PayloadContext, "user">,
  input: { event: Json; eventId: string; eventTime: number; botUserId: string },
): Json {
  return {
    token: ctx.token,
    team_id: ctx.team.id,
    api_app_id: ctx.appId,
    event: input.event,
    type: "event_callback",
    event_id: input.eventId,
    event_time: input.eventTime,
    authorizations: [{ enterprise_id: null, team_id: ctx.team.id, user_id: input.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${input.eventId}`,
  };
}
