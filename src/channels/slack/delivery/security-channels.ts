import { ConflictError } from "../../../core/errors.js";
import type { Clock } from "../../../core/ports/clock.js";
import { put, type Store } from "../../../core/ports/store.js";
import { SLACK_CHANNEL } from "./posted-copies.js";

/**
 * Where security notices go in Slack: SLACK_SECURITY_CHANNEL, plus any channel a security owner
 * registered with `/pim security channel here` (kept in the store's `conversations`).
 */
export class SecurityChannels {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly configured?: string) {}

  async list(): Promise<string[]> {
    const registered = await this.store.find("conversations", { channel: SLACK_CHANNEL, purpose: "security" });
    const ids = registered.map((c) => c.data.channelId).filter((id): id is string => typeof id === "string");
    return [...new Set([...(this.configured ? [this.configured] : []), ...ids])];
  }

  async includes(channelId: string): Promise<boolean> {
    return (await this.list()).includes(channelId);
  }

  /** Idempotent: registering a channel twice keeps the first registration. */
  async register(channelId: string, byHumanId: string): Promise<void> {
    try {
      await this.store.commit([
        put("conversations", {
          id: `slack:security:${channelId}`,
          version: 0,
          channel: SLACK_CHANNEL,
          humanId: byHumanId,
          purpose: "security",
          data: { channelId },
          updatedAt: this.clock.now().toISOString(),
        }),
      ]);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
    }
  }
}
