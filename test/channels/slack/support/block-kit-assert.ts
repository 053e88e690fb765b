import { expect } from "vitest";
import { checkMessageBlocks, checkView } from "../../../fakes/slack/index.js";

type Node = Record<string, unknown>;

/** What Slack would receive: the JSON on the wire, not our objects (undefined fields vanish). */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) node.forEach((c) => walk(c, visit));
  else if (typeof node === "object" && node !== null) {
    visit(node as Node);
    Object.values(node).forEach((c) => walk(c, visit));
  }
}

/** Limits neither the schema nor the fake's checks cover. */
function extraLimitProblems(blocks: unknown): string[] {
  const problems: string[] = [];
  walk(blocks, (n) => {
    if (n.type === "context" && Array.isArray(n.elements) && n.elements.length > 10) problems.push(`context with ${n.elements.length} elements`);
    if (n.type === "actions" && Array.isArray(n.elements) && n.elements.length > 25) problems.push(`actions with ${n.elements.length} elements`);
    if (n.type === "input" && typeof (n.label as Node | undefined)?.text === "string" && ((n.label as Node).text as string).length > 2000) problems.push("input label over 2000");
    const placeholder = (n.placeholder as Node | undefined)?.text;
    if (typeof placeholder === "string" && placeholder.length > 150) problems.push("placeholder over 150");
    if ((n.type === "static_select" || n.type === "external_select") && Array.isArray(n.options) && n.options.length > 100) problems.push("select with over 100 options");
    if ((n.type === "plain_text" || n.type === "mrkdwn") && typeof n.text === "string" && n.text.trim() === "") problems.push("empty text object");
  });
  return problems;
}

export function expectValidMessage(message: { text: string; blocks: unknown[] }): void {
  const sent = wire(message);
  const check = checkMessageBlocks(sent.blocks);
  expect(check.ok ? [] : check.reasons).toEqual([]);
  expect(extraLimitProblems(sent.blocks)).toEqual([]);
  expect(sent.text.length).toBeGreaterThan(0);
  expect(sent.text.length).toBeLessThanOrEqual(3000);
}

export function expectValidView(view: unknown, type: "modal" | "home"): void {
  const sent = wire(view) as Node;
  const check = checkView(sent, type);
  expect(check.ok ? [] : check.reasons).toEqual([]);
  expect(extraLimitProblems(sent.blocks)).toEqual([]);
}
