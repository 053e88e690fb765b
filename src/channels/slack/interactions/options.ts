import type { App } from "@slack/bolt";
import { catalogOptions } from "../render/catalog-options.js";
import type { SlackParts } from "./parts.js";

/** The entitlement field of the request form (block_id = action_id = field id). */
const ENTITLEMENT_FIELD = "entitlement";
/** Slack shows up to 100 options; a typeahead needs far fewer to be useful. */
const MAX_RESULTS = 50;

/** external_select typeahead: the catalogue search of ChatFlows, with the reason for what cannot be requested. */
export function registerOptions(app: App, parts: SlackParts): void {
  app.options(/.*/, async ({ body, options, ack }) => {
    let answer: Parameters<typeof ack>[0] = { options: [] };
    try {
      if (body.type === "block_suggestion" && options.action_id === ENTITLEMENT_FIELD) {
        const human = await parts.directory.humanFor(body.user.id);
        if (human) answer = catalogOptions(await parts.flows.search(human, String(options.value ?? ""), MAX_RESULTS));
      }
    } catch (error) {
      parts.logger.error({ err: error }, "the Slack typeahead failed");
    }
    await ack(answer);
  });
}
