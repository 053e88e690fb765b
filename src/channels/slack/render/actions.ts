import type { ActionView } from "../../../core/views/types.js";
import type { CardAction } from "../../shared/actions.js";
import { ACTION_ID } from "../payloads/action-ids.js";
import { encodeValue, type SubjectRef } from "../payloads/action-value.js";
import type { ActionsBlock, Button } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { plain } from "./text.js";

function payloadFor(subject: SubjectRef, version: number, verb: string): CardAction {
  return ("reviewItemId" in subject ? { verb, reviewItemId: subject.reviewItemId, version } : { verb, requestId: subject.requestId, version }) as CardAction;
}

function styleOf(action: ActionView): { style?: "primary" | "danger" } {
  if (action.style === "positive") return { style: "primary" };
  if (action.style === "destructive") return { style: "danger" };
  return {};
}

/**
 * One button per action the viewer may use. The value is the strict action payload (subject, version,
 * verb); actions that need a reason or a choice open a modal first (`pim.ask.*`).
 */
export function actionButton(subject: SubjectRef, version: number, action: ActionView): Button {
  if (action.id === "open") {
    return { type: "button", action_id: ACTION_ID.open, text: plain(action.label, LIMITS.buttonText), value: encodeValue(subject) };
  }
  const asks = Boolean(action.needsText || action.choices);
  return {
    type: "button",
    action_id: asks ? ACTION_ID.ask(action.id) : ACTION_ID.act(action.id),
    text: plain(action.label, LIMITS.buttonText),
    value: encodeValue(payloadFor(subject, version, action.id)),
    ...styleOf(action),
    // A destructive action that asks nothing first would run on a slip of the finger: Slack confirms it.
    ...(action.style === "destructive" && !asks ? { confirm: confirmOf(action) } : {}),
  };
}

function confirmOf(action: ActionView): NonNullable<Button["confirm"]> {
  return {
    title: plain(`${action.label}?`, 100),
    text: plain("This takes effect at once and cannot be undone from here.", 300),
    confirm: plain(action.label, 30),
    deny: plain("Keep it", 30),
    style: "danger",
  };
}

export function detailsButton(subject: SubjectRef): Button {
  return { type: "button", action_id: ACTION_ID.details, text: plain("Show details", LIMITS.buttonText), value: encodeValue(subject) };
}

/** Buttons in one actions block; action ids must be unique per block, so a repeated verb is dropped. */
export function actionsBlock(blockId: string, subject: SubjectRef, version: number, actions: readonly ActionView[]): ActionsBlock | undefined {
  const seen = new Set<string>();
  const elements: Button[] = [];
  for (const action of actions) {
    const button = actionButton(subject, version, action);
    if (seen.has(button.action_id ?? "")) continue;
    seen.add(button.action_id ?? "");
    elements.push(button);
  }
  if (elements.length === 0) return undefined;
  return { type: "actions", block_id: blockId.slice(0, LIMITS.blockId), elements: elements.slice(0, LIMITS.actionsElements) };
}

export function subjectBlockId(kind: string, subject: SubjectRef): string {
  const id = "reviewItemId" in subject ? subject.reviewItemId : subject.requestId;
  return `${kind}:${id}`.slice(0, LIMITS.blockId);
}
