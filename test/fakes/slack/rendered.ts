/**
 * What a person sees in blocks Slack renders: the text (formatting marks gone, entities decoded) and
 * the buttons. For tests that assert on what reached Slack, as a person would read it.
 */
export interface RenderedButton {
  label: string;
  actionId: string;
  blockId: string;
  value?: string;
}

type Node = Record<string, unknown>;

function isNode(v: unknown): v is Node {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One text object as one line: mrkdwn marks removed, Slack's three entities decoded, line breaks as spaces. */
export function readText(text: unknown): string | undefined {
  if (!isNode(text) || typeof text.text !== "string") return undefined;
  let s = text.text;
  if (text.type === "mrkdwn") {
    // Only paired marks at word edges format text in Slack; azz_12345 or AZZ_RBAC_PRIV stay as they are.
    s = s.replace(/(^|[\s(])([*_~`])(\S(?:[^\n]*?\S)?)\2(?=$|[\s).,:;!?])/g, "$1$3");
  }
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
}

/** Every visible text of the blocks (not button labels), one line per text object, in order. */
export function visibleLines(blocks: unknown): string[] {
  const lines: string[] = [];
  const push = (t: unknown) => {
    const line = readText(t);
    if (line) lines.push(line);
  };
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (!isNode(block)) continue;
    push(block.text);
    if (Array.isArray(block.fields)) block.fields.forEach(push);
    if (block.type === "context" && Array.isArray(block.elements)) block.elements.forEach(push);
    if (block.type === "input") push(block.label);
  }
  return lines;
}

export function visibleText(blocks: unknown, fallback?: string): string {
  const lines = visibleLines(blocks);
  if (lines.length === 0 && fallback) return fallback;
  return lines.join("\n");
}

/** Buttons in actions blocks and section accessories. */
export function buttonsOf(blocks: unknown): RenderedButton[] {
  const out: RenderedButton[] = [];
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (!isNode(block)) continue;
    const blockId = typeof block.block_id === "string" ? block.block_id : "";
    const elements = block.type === "actions" && Array.isArray(block.elements) ? block.elements : isNode(block.accessory) ? [block.accessory] : [];
    for (const el of elements) {
      if (!isNode(el) || el.type !== "button") continue;
      out.push({ label: readText(el.text) ?? "", actionId: String(el.action_id ?? ""), blockId, ...(typeof el.value === "string" ? { value: el.value } : {}) });
    }
  }
  return out;
}
