/** Longer than any command or one-line request (a 2,000-character justification plus the rest). */
export const MAX_COMMAND_CHARS = 2_400;

const ENTITIES: Record<string, string> = { "&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/**
 * What the person typed, as plain text. teams-ai already removes the mention of the bot when Teams sends
 * the mention entity; older clients and the Playground leave `<at>…</at>` or HTML in the text.
 */
export function commandText(raw: string | undefined): string {
  return (raw ?? "")
    .replace(/<at>[^<]*<\/at>/gi, " ")
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, " ")
    .trim();
}
