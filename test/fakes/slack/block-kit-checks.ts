import { createSlackValidator } from "../../../vendor/conformance/tools/slack-block-kit-validator.mjs";

/**
 * What Slack would say about blocks and views we send: the generated Block Kit schema for shapes, plus
 * the limits Slack enforces that the schema cannot express (counts, lengths, uniqueness). A renderer
 * that passes here will not meet `invalid_blocks` from the real API for these reasons.
 */
export type BlockCheck = { ok: true } | { ok: false; reasons: string[] };

export const BLOCK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFieldText: 2000,
  sectionFields: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  optionText: 75,
  optionValue: 150,
  actionId: 255,
  blockId: 255,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

let validator: ReturnType<typeof createSlackValidator> | undefined;
function schema(): ReturnType<typeof createSlackValidator> {
  validator ??= createSlackValidator();
  return validator;
}

/** Compiling the schema takes a second or two; do it up front so it never eats a 3 s trigger window. */
export function warmUpBlockKitSchema(): void {
  const check = schema();
  for (const definition of ["KnownBlocks", "KnownBlocksModalView", "KnownBlocksHomeView"]) check(definition, {});
}

export function checkMessageBlocks(blocks: unknown): BlockCheck {
  if (!Array.isArray(blocks)) return { ok: false, reasons: ["/blocks must be an array"] };
  const reasons = schemaReasons("KnownBlocks", blocks, "/blocks");
  if (blocks.length > BLOCK_LIMITS.messageBlocks) reasons.push(`/blocks has ${blocks.length} blocks, limit ${BLOCK_LIMITS.messageBlocks} per message`);
  reasons.push(...blockLimitReasons(blocks, "/blocks"));
  return result(reasons);
}

export function checkView(view: unknown, expectedType?: "modal" | "home"): BlockCheck {
  if (typeof view !== "object" || view === null) return { ok: false, reasons: ["/view must be an object"] };
  const v = view as Record<string, unknown>;
  if (expectedType && v.type !== expectedType) return { ok: false, reasons: [`/view/type must be "${expectedType}"`] };
  const definition = v.type === "home" ? "KnownBlocksHomeView" : "KnownBlocksModalView";
  const reasons = schemaReasons(definition, v, "/view");
  const blocks = Array.isArray(v.blocks) ? v.blocks : [];
  if (blocks.length > BLOCK_LIMITS.viewBlocks) reasons.push(`/view/blocks has ${blocks.length} blocks, limit ${BLOCK_LIMITS.viewBlocks} per view`);
  for (const key of ["title", "submit", "close"] as const) {
    const limit = key === "title" ? BLOCK_LIMITS.modalTitle : BLOCK_LIMITS.modalButton;
    tooLong(reasons, `/view/${key}/text`, textOf(v[key]), limit);
  }
  tooLong(reasons, "/view/private_metadata", v.private_metadata, BLOCK_LIMITS.privateMetadata);
  tooLong(reasons, "/view/callback_id", v.callback_id, BLOCK_LIMITS.callbackId);
  tooLong(reasons, "/view/external_id", v.external_id, BLOCK_LIMITS.callbackId);
  reasons.push(...blockLimitReasons(blocks, "/view/blocks"));
  return result(reasons);
}

function schemaReasons(definition: string, data: unknown, prefix: string): string[] {
  const { ok, errors } = schema()(definition, data);
  return ok ? [] : errors.map((e) => `${prefix}${e.path === "/" ? "" : e.path} ${e.message}`);
}

function blockLimitReasons(blocks: unknown[], prefix: string): string[] {
  const reasons: string[] = [];
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const path = `${prefix}/${i}`;
    if (!isObject(block)) return;
    if (typeof block.block_id === "string") {
      if (blockIds.has(block.block_id)) reasons.push(`${path}/block_id "${block.block_id}" is used twice`);
      blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    walk(block, path, (node, at) => {
      limitsOf(node, at, reasons);
      if (typeof node.action_id === "string") {
        if (actionIds.has(node.action_id)) reasons.push(`${at}/action_id "${node.action_id}" is used twice in one block`);
        actionIds.add(node.action_id);
      }
    });
  });
  return reasons;
}

function limitsOf(node: Record<string, unknown>, at: string, reasons: string[]): void {
  tooLong(reasons, `${at}/action_id`, node.action_id, BLOCK_LIMITS.actionId);
  tooLong(reasons, `${at}/block_id`, node.block_id, BLOCK_LIMITS.blockId);
  switch (node.type) {
    case "section":
      tooLong(reasons, `${at}/text/text`, textOf(node.text), BLOCK_LIMITS.sectionText);
      if (Array.isArray(node.fields)) {
        if (node.fields.length > BLOCK_LIMITS.sectionFields) reasons.push(`${at}/fields has ${node.fields.length} items, limit ${BLOCK_LIMITS.sectionFields}`);
        node.fields.forEach((f, i) => tooLong(reasons, `${at}/fields/${i}/text`, textOf(f), BLOCK_LIMITS.sectionFieldText));
      }
      break;
    case "header":
      tooLong(reasons, `${at}/text/text`, textOf(node.text), BLOCK_LIMITS.headerText);
      break;
    case "button":
      tooLong(reasons, `${at}/text/text`, textOf(node.text), BLOCK_LIMITS.buttonText);
      tooLong(reasons, `${at}/value`, node.value, BLOCK_LIMITS.buttonValue);
      tooLong(reasons, `${at}/url`, node.url, BLOCK_LIMITS.buttonUrl);
      break;
  }
  for (const key of ["options", "initial_options"]) {
    const options = node[key];
    if (!Array.isArray(options)) continue;
    options.forEach((o, i) => {
      tooLong(reasons, `${at}/${key}/${i}/text/text`, textOf(o), BLOCK_LIMITS.optionText);
      if (isObject(o)) tooLong(reasons, `${at}/${key}/${i}/value`, o.value, BLOCK_LIMITS.optionValue);
    });
  }
}

function walk(node: unknown, at: string, visit: (node: Record<string, unknown>, at: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${at}/${i}`, visit));
  } else if (isObject(node)) {
    visit(node, at);
    for (const [key, child] of Object.entries(node)) walk(child, `${at}/${key}`, visit);
  }
}

function tooLong(reasons: string[], path: string, value: unknown, limit: number): void {
  if (typeof value === "string" && value.length > limit) reasons.push(`${path} is ${value.length} characters, limit ${limit}`);
}

function textOf(value: unknown): unknown {
  return isObject(value) ? value.text : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function result(reasons: string[]): BlockCheck {
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}
