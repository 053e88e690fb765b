import type { App } from "@slack/bolt";
import { homeView } from "../render/home-view.js";
import { replyMessage } from "../render/reply-message.js";
import type { SlackParts } from "./parts.js";

const INTRO = "Your privileged access at a glance. Type `/pim request` to ask for access, `/pim help` for everything else.";

/** Publishes a person's App Home: what waits for them (with buttons), what they hold, what they asked for. */
export async function publishHome(parts: SlackParts, slackUserId: string): Promise<void> {
  const human = await parts.directory.humanFor(slackUserId);
  if (!human) {
    await parts.client.viewsPublish({ user_id: slackUserId, view: { type: "home", blocks: replyMessage(parts.flows.unknownUser()).blocks } });
    return;
  }
  const overview = await parts.flows.overview(human);
  await parts.client.viewsPublish({ user_id: slackUserId, view: homeView(overview, `Hi ${human.firstName}. ${INTRO}`) });
}

export function registerHome(app: App, parts: SlackParts): void {
  app.event("app_home_opened", async ({ event }) => {
    // The Messages tab fires the same event; only the Home tab has something to publish.
    if (event.tab !== "home") return;
    try {
      await publishHome(parts, event.user);
    } catch (error) {
      parts.logger.error({ err: error }, "could not publish the Slack App Home");
    }
  });
}
