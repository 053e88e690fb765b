/** Reads Adaptive Cards the way a person sees them: visible text, and the buttons they can press. */
type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** Text of TextBlocks and facts, top to bottom (not the contents of collapsed ShowCards). */
export function visibleText(card: unknown): string {
  const out: string[] = [];
  const walk = (el: unknown) => {
    if (Array.isArray(el)) return el.forEach(walk);
    if (!isObject(el)) return;
    if (el.type === "TextBlock" && typeof el.text === "string") out.push(el.text);
    if (el.type === "FactSet" && Array.isArray(el.facts)) for (const f of el.facts as Json[]) out.push(`${String(f.title)} ${String(f.value)}`);
    for (const key of ["body", "items", "columns"]) if (key in el) walk(el[key]);
  };
  if (isObject(card)) walk(card.body);
  return out.join("\n");
}

export interface CardAction {
  title: string;
  type: string;
  verb?: string;
  data: Json;
  /** For a ShowCard: the action that confirms it and the ids of its inputs. */
  confirm?: CardAction;
  inputs: { id: string; type: string; required: boolean; choices: string[] }[];
}

function readAction(a: Json): CardAction {
  const action: CardAction = { title: String(a.title ?? ""), type: String(a.type), verb: typeof a.verb === "string" ? a.verb : undefined, data: isObject(a.data) ? a.data : {}, inputs: [] };
  if (a.type === "Action.ShowCard" && isObject(a.card)) {
    const sub = a.card;
    action.inputs = ((sub.body as Json[] | undefined) ?? [])
      .filter((b) => typeof b.type === "string" && b.type.startsWith("Input."))
      .map((b) => ({ id: String(b.id), type: String(b.type), required: b.isRequired === true, choices: ((b.choices as Json[] | undefined) ?? []).map((c) => String(c.value)) }));
    const confirm = ((sub.actions as Json[] | undefined) ?? [])[0];
    if (confirm) action.confirm = readAction(confirm);
  }
  return action;
}

/** Every action on the card: its `actions` and those of ActionSets in the body, in order. */
export function actionsOf(card: unknown): CardAction[] {
  const out: CardAction[] = [];
  const walk = (el: unknown) => {
    if (Array.isArray(el)) return el.forEach(walk);
    if (!isObject(el)) return;
    if (el.type === "ActionSet" && Array.isArray(el.actions)) out.push(...(el.actions as Json[]).map(readAction));
    for (const key of ["body", "items", "columns"]) if (key in el) walk(el[key]);
  };
  if (isObject(card)) {
    walk(card.body);
    out.push(...((card.actions as Json[] | undefined) ?? []).map(readAction));
  }
  return out;
}

/** Ids of elements on the card (e.g. "refusal", "entitlement-error"). */
export function elementIds(card: unknown): string[] {
  const out: string[] = [];
  const walk = (el: unknown) => {
    if (Array.isArray(el)) return el.forEach(walk);
    if (!isObject(el)) return;
    if (typeof el.id === "string") out.push(el.id);
    for (const key of ["body", "items", "columns"]) if (key in el) walk(el[key]);
  };
  if (isObject(card)) walk(card.body);
  return out;
}

/** Field errors a form card shows: `<field>-error` TextBlocks. */
export function formErrors(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (el: unknown) => {
    if (Array.isArray(el)) return el.forEach(walk);
    if (!isObject(el)) return;
    if (el.type === "TextBlock" && typeof el.id === "string" && el.id.endsWith("-error") && el.id !== "form-error") out[el.id.slice(0, -"-error".length)] = String(el.text);
    for (const key of ["body", "items"]) if (key in el) walk(el[key]);
  };
  if (isObject(card)) walk(card.body);
  return out;
}

export function isRefusal(card: unknown): boolean {
  return elementIds(card).includes("refusal");
}
