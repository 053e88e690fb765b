/** What one input element holds, as text; an input left empty is "" (it was submitted, just empty). */
function valueOf(state: Record<string, unknown>): string {
  const selected = isRecord(state.selected_option) ? state.selected_option.value : undefined;
  const v = selected ?? state.value;
  return typeof v === "string" ? v : "";
}

/**
 * A modal's state (`view.state.values`) as a flat record: each input block (block_id = form field id)
 * gives the value of its element. Every block is passed on, known or not, so the flows' strict
 * schemas refuse anything a form never asked for instead of it being silently dropped here.
 */
export function formValues(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(values)) return out;
  for (const [blockId, elements] of Object.entries(values)) {
    if (!isRecord(elements)) continue;
    const first = Object.values(elements)[0];
    if (!isRecord(first)) continue;
    out[blockId] = valueOf(first);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
