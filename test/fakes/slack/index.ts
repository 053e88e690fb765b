export { FakeSlack, DEFAULT_FAKE_SLACK_LIMITS, type FakeSlackLimits, type FakeSlackOptions, type SlackCall } from "./fake-slack.js";
export { SlackRequestSender, type BotReply, type SigningVariant, type SlackRequestSenderOptions } from "./signed-requests.js";
export { checkMessageBlocks, checkView, BLOCK_LIMITS, type BlockCheck } from "./block-kit-checks.js";
export type { FakeSlackUser, StoredEphemeral, StoredMessage, StoredView } from "./workspace.js";
export type { BucketSpec } from "./token-bucket.js";
export { buttonsOf, readText, visibleLines, visibleText, type RenderedButton } from "./rendered.js";
export { fillModal, flattenOptions, type SlackOption, type Typeahead } from "./modal-state.js";
