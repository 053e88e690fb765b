import { ActivityTypes, INVOKE_RESPONSE_KEY, type InvokeResponse, type TurnContext } from "botbuilder";
import type { AdaptiveCardJson } from "../render/templates.js";

/** Universal Actions answer types (adaptiveCard/action). */
export const CARD_TYPE = "application/vnd.microsoft.card.adaptive";
export const MESSAGE_TYPE = "application/vnd.microsoft.activity.message";
export const ERROR_TYPE = "application/vnd.microsoft.error";
export const SEARCH_TYPE = "application/vnd.microsoft.search.searchResponse";

/** The card replaces the one the person pressed, for them. */
export function cardAnswer(card: AdaptiveCardJson): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: card } };
}

/** A short text Teams shows next to the card, which stays as it was. */
export function messageAnswer(text: string): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: MESSAGE_TYPE, value: text } };
}

/** The action itself was malformed (not a refusal): Teams shows the message, the card stays. */
export function actionErrorAnswer(statusCode: 400 | 500, code: string, message: string): InvokeResponse {
  return { status: 200, body: { statusCode, type: ERROR_TYPE, value: { code, message } } };
}

/** For invokes that are not Universal Actions (unknown names, other tenants): a plain HTTP status. */
export function httpAnswer(status: number, code: string, detail: string): InvokeResponse {
  return { status, body: { status, code, detail } };
}

export function searchAnswer(results: { title: string; value: string }[]): InvokeResponse {
  return { status: 200, body: { type: SEARCH_TYPE, value: { results } } };
}

export function dialogCardAnswer(title: string, card: AdaptiveCardJson): InvokeResponse {
  return {
    status: 200,
    body: { task: { type: "continue", value: { title, width: "medium", height: "large", card: { contentType: "application/vnd.microsoft.card.adaptive", content: card } } } },
  };
}

export function dialogMessageAnswer(text: string): InvokeResponse {
  return { status: 200, body: { task: { type: "message", value: text } } };
}

export async function answerInvoke(context: TurnContext, response: InvokeResponse): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
}

export function hasAnswered(context: TurnContext): boolean {
  return context.turnState.get(INVOKE_RESPONSE_KEY) !== undefined;
}
