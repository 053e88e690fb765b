import type { TurnContext } from "botbuilder";
import { z } from "zod/v4";
import { ErrorCodes } from "../../../core/errors.js";
import { catalogChoice } from "../../shared/forms.js";
import type { TeamsBotDeps } from "./deps.js";
import { answerInvoke, httpAnswer, searchAnswer } from "./invoke-response.js";
import { identifyParty } from "./turn-party.js";

/** Teams shows at most 15 typeahead results. */
export const MAX_SEARCH_RESULTS = 15;

const SearchValue = z.looseObject({
  queryText: z.string().max(500).default(""),
  dataset: z.enum(["entitlements", "emergency-entitlements"]),
  queryOptions: z.looseObject({ top: z.number().int().min(1).optional() }).optional(),
});

/**
 * `application/search` from the dialog's entitlement picker: matches for this person, each saying
 * why it cannot be requested when it cannot (instead of hiding it).
 */
export async function onSearch(context: TurnContext, deps: TeamsBotDeps): Promise<void> {
  const value = SearchValue.safeParse(context.activity.value);
  if (!value.success) return answerInvoke(context, httpAnswer(400, ErrorCodes.VALIDATION_FAILED, "Unknown search."));
  const party = await identifyParty(context, deps);
  if (!party.human) return answerInvoke(context, searchAnswer([]));
  const limit = Math.min(MAX_SEARCH_RESULTS, value.data.queryOptions?.top ?? MAX_SEARCH_RESULTS);
  const query = value.data.queryText.slice(0, 100);
  const options = value.data.dataset === "entitlements" ? await deps.flows.search(party.human, query, limit) : await deps.flows.searchEmergency(party.human, query, limit);
  await answerInvoke(context, searchAnswer(options.map((o) => ({ title: catalogChoice(o).label, value: o.entitlementId }))));
}
