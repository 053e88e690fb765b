import type { ChatReply } from "../../shared/replies.js";
import { renderFormCard } from "./form-card.js";
import { renderHelpCard } from "./help-card.js";
import { renderListCard } from "./list-card.js";
import { renderRequestCard } from "./request-card.js";
import { renderReviewCard } from "./review-card.js";
import type { AdaptiveCardJson } from "./templates.js";
import { renderTextCard } from "./text-card.js";

const TEXT_TONE = { info: "neutral", success: "good", warning: "warning" } as const;

/** Any flow answer as one card, for the person who asked. */
export function renderReplyCard(reply: ChatReply): AdaptiveCardJson {
  switch (reply.type) {
    case "text":
      return renderTextCard({ text: reply.text, tone: TEXT_TONE[reply.tone] });
    case "help":
      return renderHelpCard(reply);
    case "request":
      return renderRequestCard(reply.view, { note: reply.note ? { text: reply.note, tone: "good" } : undefined });
    case "review":
      return renderReviewCard(reply.view, { note: reply.note ? { text: reply.note, tone: "good" } : undefined });
    case "list":
      return renderListCard(reply.view);
    case "form":
      return renderFormCard(reply.form);
    case "registerSecurityChannel":
      return renderTextCard({ text: reply.note, tone: "good", title: "Security channel registered" });
    case "error": {
      const note = { text: reply.message, tone: "attention" as const, refused: true };
      if (reply.current?.type === "request") return renderRequestCard(reply.current, { note });
      if (reply.current?.type === "review") return renderReviewCard(reply.current, { note });
      return renderTextCard({ text: reply.message, tone: "attention", refused: true, details: reply.issues.map((i) => ({ label: i.field, value: i.message })) });
    }
  }
}
