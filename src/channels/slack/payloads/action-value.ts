import { z } from "zod/v4";
import { ID_PREFIX } from "../../../core/domain/ids.js";
import { CardActionSchema, type CardAction } from "../../shared/actions.js";
import type { PostedSubject } from "../../shared/posted-copies.js";

/** Slack's limit for a button value; our payloads are ids and a version, far below it. */
const MAX_BUTTON_VALUE = 2000;

export type SubjectRef = PostedSubject;

const SubjectRefSchema = z.union([
  z.object({ requestId: z.string().regex(/^req_[A-Za-z0-9]{1,64}$/) }).strict(),
  z.object({ reviewItemId: z.string().regex(/^rv_[A-Za-z0-9]{1,64}$/) }).strict(),
]);

export function encodeValue(value: CardAction | SubjectRef): string {
  const text = JSON.stringify(value);
  // Cannot happen with schema-valid ids; failing loudly beats Slack refusing the whole message.
  if (text.length > MAX_BUTTON_VALUE) throw new RangeError(`button value of ${text.length} characters exceeds Slack's ${MAX_BUTTON_VALUE}`);
  return text;
}

/** Which subject an id names, from its prefix (ids are self-describing, see core/domain/ids.ts). */
export function subjectOf(id: string): SubjectRef {
  return id.startsWith(`${ID_PREFIX.review}_`) ? { reviewItemId: id } : { requestId: id };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== "string" || value.length > MAX_BUTTON_VALUE) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** A button's action payload, checked with the same strict schema ChatFlows.act applies. */
export function decodeAction(value: unknown): CardAction | undefined {
  const parsed = CardActionSchema.safeParse(parseJson(value));
  return parsed.success ? parsed.data : undefined;
}

export function decodeSubject(value: unknown): SubjectRef | undefined {
  const parsed = SubjectRefSchema.safeParse(parseJson(value));
  return parsed.success ? parsed.data : undefined;
}
