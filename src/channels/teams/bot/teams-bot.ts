import type { Application, TurnState } from "@microsoft/teams-ai";
import { ActivityTypes, type TurnContext } from "botbuilder";
import { ErrorCodes } from "../../../core/errors.js";
import { auditEntry } from "../../../core/usecases/shared/changes.js";
import { tenantOf } from "../activity/teams-activity.js";
import { cardActivity } from "../delivery/card-activity.js";
import { renderTextCard } from "../render/text-card.js";
import { onCardAction } from "./card-action-handler.js";
import { replyInTurn, type TeamsBotDeps } from "./deps.js";
import { onDialogFetch, onDialogSubmit } from "./dialog-handler.js";
import { onInstalled } from "./install-handler.js";
import { actionErrorAnswer, answerInvoke, hasAnswered, httpAnswer } from "./invoke-response.js";
import { onMessage } from "./message-handler.js";
import { onSearch } from "./search-handler.js";
import { checkTurn, type TurnVerdict } from "./turn-guard.js";

const INVOKES: Record<string, (context: TurnContext, deps: TeamsBotDeps) => Promise<void>> = {
  "adaptiveCard/action": onCardAction,
  "application/search": onSearch,
  "task/fetch": onDialogFetch,
  "task/submit": onDialogSubmit,
};

/** Routes the activity types the bot handles to their handlers on the teams-ai Application. */
export function registerTeamsRoutes(app: Application<TurnState>, deps: TeamsBotDeps): void {
  for (const [name, handler] of Object.entries(INVOKES)) {
    app.addRoute(async (ctx) => ctx.activity.type === ActivityTypes.Invoke && ctx.activity.name === name, (ctx) => guarded(ctx, deps, handler), true);
  }
  app.activity(ActivityTypes.Message, (ctx) => guarded(ctx, deps, onMessage));
  app.conversationUpdate("membersAdded", (ctx) => guarded(ctx, deps, onInstalled));
  app.activity(ActivityTypes.InstallationUpdate, (ctx) => guarded(ctx, deps, onInstalled));
}

/**
 * The whole turn: who/where checks first, then the application's routes, then a clear answer for any
 * invoke nobody handled (botbuilder would answer 501 with no explanation).
 */
export async function runTurn(app: Application<TurnState>, deps: TeamsBotDeps, context: TurnContext): Promise<void> {
  const verdict = checkTurn(context.activity, deps.tenantId);
  if (!verdict.ok) return refuseTurn(context, deps, verdict);
  await app.run(context);
  if (context.activity.type === ActivityTypes.Invoke && !hasAnswered(context)) {
    await answerInvoke(context, httpAnswer(400, ErrorCodes.VALIDATION_FAILED, `This bot does not handle "${String(context.activity.name).slice(0, 80)}".`));
  }
}

async function refuseTurn(context: TurnContext, deps: TeamsBotDeps, verdict: Exclude<TurnVerdict, { ok: true }>): Promise<void> {
  const a = context.activity;
  deps.logger.warn({ code: verdict.code, activityType: a.type, name: a.name, tenantId: tenantOf(a), conversationId: a.conversation?.id }, verdict.message);
  const data = (a.value as { action?: { data?: { requestId?: unknown } } } | undefined)?.action?.data;
  if (verdict.code === ErrorCodes.TENANT_MISMATCH && a.type === ActivityTypes.Invoke && a.name === "adaptiveCard/action") {
    // A card action from another tenant is an attempt to decide something: it belongs in the audit trail.
    await deps.core.journal.record([
      auditEntry(deps.core, {
        action: "ApprovalRefused",
        actor: `teams:${a.from?.aadObjectId ?? a.from?.id ?? "unknown"}`,
        result: "refused",
        correlationId: `teams:${a.id ?? "activity"}`,
        requestId: typeof data?.requestId === "string" ? data.requestId.slice(0, 80) : undefined,
        message: `Card action refused (${verdict.code}): ${verdict.message}`,
        details: { code: verdict.code, tenantId: verdict.tenantId },
      }),
    ]);
  }
  if (a.type === ActivityTypes.Invoke) await answerInvoke(context, httpAnswer(verdict.code === ErrorCodes.TENANT_MISMATCH ? 403 : 400, verdict.code, verdict.message));
}

/** A handler that throws must not leave Teams without an answer, nor show internals to the person. */
async function guarded(context: TurnContext, deps: TeamsBotDeps, handler: (context: TurnContext, deps: TeamsBotDeps) => Promise<void>): Promise<void> {
  try {
    await handler(context, deps);
  } catch (err) {
    deps.logger.error({ err, activityType: context.activity.type, name: context.activity.name }, "Teams turn failed");
    const text = "Something went wrong on our side. Try again in a moment; if it keeps happening, tell the service desk.";
    if (context.activity.type === ActivityTypes.Invoke) {
      if (!hasAnswered(context)) await answerInvoke(context, context.activity.name === "adaptiveCard/action" ? actionErrorAnswer(500, "INTERNAL", text) : httpAnswer(500, "INTERNAL", text));
      return;
    }
    await replyInTurn(deps, context, cardActivity(renderTextCard({ text, tone: "attention" }))).catch(() => undefined);
  }
}
