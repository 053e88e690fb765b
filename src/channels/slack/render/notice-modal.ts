import { CALLBACK_ID } from "../payloads/action-ids.js";
import type { KnownBlock, ModalView } from "./block-kit.js";
import { fitBlocks } from "./fit.js";
import { LIMITS } from "./limits.js";
import { plain } from "./text.js";

/** A read-only modal: for answers where no message can carry them (App Home) and for full details. */
export function noticeModal(title: string, blocks: KnownBlock[]): ModalView {
  return {
    type: "modal",
    callback_id: CALLBACK_ID.notice,
    title: plain(title, LIMITS.modalTitle),
    close: plain("Close", LIMITS.modalButton),
    blocks: fitBlocks(blocks, LIMITS.viewBlocks),
  };
}
