import type { Activity } from "botbuilder";
import { ErrorCodes } from "../../../core/errors.js";
import { senderOf, tenantOf } from "../activity/teams-activity.js";

export type TurnVerdict = { ok: true } | { ok: false; code: typeof ErrorCodes.TENANT_MISMATCH | typeof ErrorCodes.VALIDATION_FAILED; message: string; tenantId?: string };

/**
 * Checks what the token cannot: the activity names a sender, and it comes from the bot's own tenant
 * (a SingleTenant bot can still be messaged from other tenants through shared channels or federation).
 */
export function checkTurn(activity: Partial<Activity>, expectedTenantId: string | undefined): TurnVerdict {
  if (!senderOf(activity)) return { ok: false, code: ErrorCodes.VALIDATION_FAILED, message: "The activity does not say who sent it." };
  if (expectedTenantId) {
    const tenantId = tenantOf(activity);
    if (tenantId?.toLowerCase() !== expectedTenantId.toLowerCase()) {
      return { ok: false, code: ErrorCodes.TENANT_MISMATCH, message: `Activities from tenant ${tenantId ?? "(none)"} are not accepted by this bot.`, tenantId };
    }
  }
  return { ok: true };
}
