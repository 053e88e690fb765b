import type { FieldIssue } from "../../core/errors.js";
import type { ListView, RequestView, ReviewView } from "../../core/views/types.js";
import type { COMMAND_HELP } from "./commands.js";
import type { FormView } from "./forms.js";

/** What a flow answers; each channel renders these (cards, Block Kit, plain text). */
export type ChatReply =
  | { type: "text"; text: string; tone: "info" | "success" | "warning" }
  | { type: "help"; intro: string; items: typeof COMMAND_HELP }
  | { type: "request"; view: RequestView; note?: string }
  | { type: "review"; view: ReviewView; note?: string }
  | { type: "list"; view: ListView }
  | { type: "form"; form: FormView }
  /** The channel should store this conversation as the security channel (the flow checked the right). */
  | { type: "registerSecurityChannel"; note: string }
  | { type: "error"; code: string; message: string; issues: FieldIssue[]; current?: RequestView | ReviewView };
