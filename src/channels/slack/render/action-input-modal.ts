import type { ActionView } from "../../../core/views/types.js";
import { CALLBACK_ID, INPUT_BLOCK } from "../payloads/action-ids.js";
import type { InputBlock, KnownBlock, ModalView } from "./block-kit.js";
import { LIMITS } from "./limits.js";
import { md, mrkdwnSafe, plain } from "./text.js";

/** The action payload allows 1000 characters of reason. */
const MAX_REASON = 1000;

/**
 * Asks for what an action needs before it runs: a reason (deny, revoke, remove, comment) and/or a
 * choice (extend by, reassign to). `metadata` carries the pressed action and where it was pressed.
 */
export function actionInputModal(subjectTitle: string, action: ActionView, metadata: string): ModalView {
  const blocks: KnownBlock[] = [{ type: "section", text: md(`*${mrkdwnSafe(subjectTitle, 2000)}*`, LIMITS.sectionText) }];
  if (action.choices) {
    const options = action.choices.options.slice(0, LIMITS.selectOptions).map((o) => ({ text: plain(o.label, LIMITS.optionText), value: o.value.slice(0, LIMITS.optionValue) }));
    const choice: InputBlock = {
      type: "input",
      block_id: INPUT_BLOCK.choice,
      label: plain(action.choices.label, LIMITS.inputLabel),
      element: { type: "static_select", action_id: INPUT_BLOCK.choice, options, ...(options[0] ? { initial_option: options[0] } : {}) },
    };
    blocks.push(choice);
  }
  if (action.needsText) {
    const { label, required, minLength } = action.needsText;
    blocks.push({
      type: "input",
      block_id: INPUT_BLOCK.reason,
      label: plain(label, LIMITS.inputLabel),
      optional: !required,
      element: { type: "plain_text_input", action_id: INPUT_BLOCK.reason, multiline: true, max_length: MAX_REASON, ...(required && minLength > 0 ? { min_length: Math.min(minLength, MAX_REASON) } : {}) },
    });
  }
  return {
    type: "modal",
    callback_id: CALLBACK_ID.actionInput,
    title: plain(action.label, LIMITS.modalTitle),
    submit: plain(action.label, LIMITS.modalButton),
    close: plain("Cancel", LIMITS.modalButton),
    private_metadata: metadata,
    blocks,
  };
}
