import type { Human } from "../../domain/identity.js";
import type { Store } from "../../ports/store.js";

/**
 * Maps a chat account to a person: Teams gives the AAD object id of the signed-in (staff) account,
 * Slack gives an email. Only enabled staff accounts count; a guest or admin account chatting is not
 * how people are expected to use the bot.
 */
export async function resolveChatUser(store: Store, who: { aadObjectId?: string; email?: string }): Promise<Human | undefined> {
  if (who.aadObjectId) {
    const [identity] = await store.find("identities", { objectId: who.aadObjectId });
    if (identity?.accountEnabled) {
      const human = await store.get("humans", identity.humanId);
      if (human?.active) return human;
    }
  }
  if (who.email) {
    const email = who.email.trim().toLowerCase();
    const humans = await store.find("humans", { active: true });
    return humans.find((h) => h.email.toLowerCase() === email);
  }
  return undefined;
}
