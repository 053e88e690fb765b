import { formatMinutes } from "../../domain/duration.js";
import type { RequestContext } from "../../domain/request-context.js";
import type { Notice } from "../../ports/notifier.js";

function what(ctx: RequestContext): string {
  return `${ctx.entitlement.displayName} (${ctx.request.grantKind}, ${formatMinutes(ctx.request.durationMinutes)}) for ${ctx.identity.userPrincipalName}`;
}

/** Neutral notices; the channels turn them into cards or Block Kit messages built from the views. */
export const Notices = {
  approvalNeeded(ctx: RequestContext, approverIds: readonly string[], reason = "needs your approval"): Notice[] {
    return approverIds.map((humanId) => ({
      kind: "approval_needed",
      to: { type: "human", humanId },
      requestId: ctx.request.id,
      headline: `${ctx.requester.displayName} asks for ${what(ctx)}: ${reason}`,
    }));
  },
  reminder(ctx: RequestContext, approverIds: readonly string[]): Notice[] {
    return approverIds.map((humanId) => ({
      kind: "approval_reminder",
      to: { type: "human", humanId },
      requestId: ctx.request.id,
      headline: `Reminder: ${ctx.requester.displayName} is still waiting for your decision on ${what(ctx)}`,
    }));
  },
  toRequester(ctx: RequestContext, headline: string): Notice {
    return { kind: "request_status", to: { type: "human", humanId: ctx.request.requesterHumanId }, requestId: ctx.request.id, headline };
  },
  expiring(ctx: RequestContext, endAtLabel: string): Notice {
    return {
      kind: "expiring_soon",
      to: { type: "human", humanId: ctx.request.requesterHumanId },
      requestId: ctx.request.id,
      headline: `Your ${ctx.entitlement.displayName} access ends ${endAtLabel}. Extend it or release it now.`,
    };
  },
  security(ctx: RequestContext, headline: string): Notice {
    return { kind: "security_alert", to: { type: "securityChannel" }, requestId: ctx.request.id, headline };
  },
  reviewAssigned(reviewItemId: string, reviewerHumanId: string, headline: string): Notice {
    return { kind: "review_assigned", to: { type: "human", humanId: reviewerHumanId }, reviewItemId, headline };
  },
};
