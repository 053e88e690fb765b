import type { FastifyInstance } from "fastify";
import type { ChannelNotifier } from "./fanout-notifier.js";

/** What a chat channel contributes to the runtime: routes, a notifier and its own life cycle. */
export interface ChannelModule {
  name: string;
  notifier: ChannelNotifier;
  register(server: FastifyInstance): Promise<void> | void;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Warnings to log at start-up (e.g. anonymous bot auth in development). */
  warnings?: string[];
}
