import type { Clock } from "../../../core/ports/clock.js";
import type { PostedMessage, Store } from "../../../core/ports/store.js";
import { PostedCopies as SharedPostedCopies, type Claim as SharedClaim, type CopyDataBase, type CopyRecipient } from "../../shared/posted-copies.js";

export { digestOf } from "../../shared/posted-copies.js";

export const SLACK_CHANNEL = "slack";

export type Recipient = CopyRecipient;
export type CopyData = CopyDataBase;
export type Claim = SharedClaim<CopyData>;

export function dataOf(copy: PostedMessage): CopyData {
  return copy.data as CopyData;
}

/** The Slack messages the bot posted about requests and review items (`postedMessages`, channel "slack"). */
export class PostedCopies extends SharedPostedCopies<CopyData> {
  constructor(store: Store, clock: Clock) {
    super(store, clock, SLACK_CHANNEL);
  }
}
