import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from "@slack/web-api";
import { DeliveryError, ErrorCodes, isPimError, type ErrorCode } from "../../../core/errors.js";

/** Slack `error` strings that mean this recipient or message cannot be reached, now or later. */
const unreachable = new Set([
  "channel_not_found", "is_archived", "not_in_channel", "user_not_found", "users_not_found", "user_disabled",
  "cannot_dm_bot", "messages_tab_disabled", "restricted_action", "team_access_not_granted", "message_not_found",
  "cant_update_message", "edit_window_closed", "view_not_found",
]);
/** The bot's token is wrong or lacks a scope: an operator has to act. */
const badCredentials = new Set([
  "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "missing_scope", "not_allowed_token_type",
]);
/** We sent something Slack refuses; resending the same payload cannot help. */
const badPayload = new Set([
  "invalid_blocks", "invalid_blocks_format", "invalid_arguments", "msg_too_long", "no_text", "too_many_attachments",
  "invalid_attachments", "invalid_trigger_id", "expired_trigger_id", "exchanged_trigger_id",
]);

/**
 * Translates a failed Web API call into our DeliveryError so callers match on our codes and on
 * `permanent`, never on Slack's strings. Transient failures (network, 5xx, Slack-side errors) keep
 * code DELIVERY_BLOCKED with `permanent: false`: the outbox retries them.
 */
export function toDeliveryError(method: string, error: unknown): Error {
  if (isPimError(error)) return error;
  if (error instanceof WebAPIRateLimitedError) {
    return new DeliveryError(ErrorCodes.RATE_LIMITED, `Slack rate-limited ${method}; retry after ${error.retryAfter}s`, false, {
      method,
      retryAfterSeconds: error.retryAfter,
    });
  }
  if (error instanceof WebAPIPlatformError) {
    const slackError = error.data.error;
    const [code, permanent] = classify(slackError);
    return new DeliveryError(code, `Slack refused ${method}: ${slackError}`, permanent, { method, slackError });
  }
  if (error instanceof WebAPIHTTPError) {
    return new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `Slack answered ${method} with HTTP ${error.statusCode}`, false, {
      method,
      status: error.statusCode,
    });
  }
  if (error instanceof WebAPIRequestError) {
    return new DeliveryError(ErrorCodes.DELIVERY_BLOCKED, `Could not reach Slack for ${method}: ${error.original.message}`, false, { method });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function classify(slackError: string): [ErrorCode, boolean] {
  if (slackError === "ratelimited") return [ErrorCodes.RATE_LIMITED, false];
  if (slackError === "hash_conflict") return [ErrorCodes.CONFLICT, true];
  if (unreachable.has(slackError)) return [ErrorCodes.DELIVERY_BLOCKED, true];
  if (badCredentials.has(slackError)) return [ErrorCodes.UNAUTHENTICATED, true];
  if (badPayload.has(slackError)) return [ErrorCodes.VALIDATION_FAILED, true];
  return [ErrorCodes.DELIVERY_BLOCKED, false];
}
