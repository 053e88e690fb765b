import type { Clock } from "../../../core/ports/clock.js";
import type { Store } from "../../../core/ports/store.js";
import { PostedCopies, type Claim as SharedClaim, type CopyDataBase, type PostedCopy } from "../../shared/posted-copies.js";
import { TEAMS_CHANNEL } from "./teams-conversations.js";

export { digestOf, type CopyRecipient } from "../../shared/posted-copies.js";

/**
 * How a copy is rendered on refresh: `personal` for the recipient (their actions), `security` as the
 * security channel's copy, `shared` (a group chat or channel where someone asked) as the state with a
 * per-user refresh.
 */
export type CopyAudience = "personal" | "security" | "shared";

export interface CopyData extends CopyDataBase {
  audience: CopyAudience;
  serviceUrl: string;
  tenantId?: string;
}

export type TeamsCopy = PostedCopy<CopyData>;
export type Claim = SharedClaim<CopyData>;

/** The cards the bot posted in Teams (`postedMessages`, channel "teams"). */
export class TeamsPostedCopies extends PostedCopies<CopyData> {
  constructor(store: Store, clock: Clock) {
    super(store, clock, TEAMS_CHANNEL);
  }
}
