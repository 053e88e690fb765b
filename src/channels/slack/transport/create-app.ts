import { App, SocketModeReceiver } from "@slack/bolt";
import { WebAPIPlatformError, type RetryOptions } from "@slack/web-api";
import { ConfigurationError, ErrorCodes } from "../../../core/errors.js";
import type { Clock } from "../../../core/ports/clock.js";
import type { Logger } from "../../../core/ports/logger.js";
import { toBoltLogger } from "./bolt-logger.js";
import { FastifySlackReceiver, type FastifySlackReceiverOptions } from "./fastify-receiver.js";
import { toDeliveryError } from "./slack-errors.js";

export interface CreateSlackAppOptions {
  botToken: string;
  signingSecret: string;
  /** Web API base URL, e.g. https://slack.com/api/ or a local fake; must end with "/". */
  apiUrl: string;
  /** An xapp- token switches to Socket Mode: no public URL needed, no HTTP endpoint mounted. */
  appToken?: string;
  clock: Clock;
  logger: Logger;
  /** Tuning for the HTTP receiver (path, ack timeout, dedupe TTL). */
  receiver?: Omit<FastifySlackReceiverOptions, "signingSecret" | "clock" | "logger">;
  /** Retries for network errors and 5xx. The default gives up within seconds: the outbox retries longer outages. */
  retryConfig?: RetryOptions;
}

export type SlackApp =
  | { mode: "http"; app: App; receiver: FastifySlackReceiver }
  | { mode: "socket"; app: App; receiver: SocketModeReceiver };

export const DEFAULT_SLACK_RETRY: RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4_000, randomize: true };

/**
 * Builds the bolt App for one workspace. Async because it calls auth.test once up front: bolt's
 * default does that from inside the constructor as a promise nobody awaits, so a bad token or an
 * unreachable Slack became an unhandled rejection instead of a startup error naming the variable.
 */
export async function createSlackApp(options: CreateSlackAppOptions): Promise<SlackApp> {
  const logger = toBoltLogger(options.logger);
  const clientOptions = {
    slackApiUrl: options.apiUrl,
    // 429s must reach RateLimitedSlackClient, which pauses the right bucket and retries there.
    rejectRateLimitedCalls: true,
    retryConfig: options.retryConfig ?? DEFAULT_SLACK_RETRY,
    // A method name that is an absolute URL would otherwise send the bot token to that host.
    allowAbsoluteUrls: false,
  };

  const receiver = options.appToken
    ? new SocketModeReceiver({
        appToken: options.appToken,
        logger,
        // The Socket Mode client makes its own apps.connections.open call and ignores App's clientOptions.
        installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } },
      })
    : new FastifySlackReceiver({ ...options.receiver, signingSecret: options.signingSecret, clock: options.clock, logger: options.logger });

  const app = new App({
    token: options.botToken,
    receiver,
    logger,
    clientOptions,
    deferInitialization: true,
    // Conversation state lives in our store; bolt's in-memory one would differ per replica.
    convoStore: false,
  });

  try {
    await app.init();
  } catch (error) {
    throw startupError(error);
  }
  return receiver instanceof FastifySlackReceiver ? { mode: "http", app, receiver } : { mode: "socket", app, receiver };
}

function startupError(error: unknown): Error {
  if (error instanceof WebAPIPlatformError) {
    return new ConfigurationError(ErrorCodes.UNAUTHENTICATED, `Slack rejected SLACK_BOT_TOKEN at auth.test: ${error.data.error}`, {
      slackError: error.data.error,
    });
  }
  return toDeliveryError("auth.test", error);
}
