import { badRequest } from "../pipeline/graph-fault.js";

/**
 * A small OData `$filter` evaluator: comparisons (eq ne gt ge lt le), `in`, `and`/`or`/`not`,
 * parentheses, `startswith`/`endswith`, string/number/boolean/null/date-time literals and
 * property paths (`signInActivity/lastSignInDateTime`). String comparisons ignore case, as Graph's do.
 */
export type FilterPredicate = (entity: Record<string, unknown>) => boolean;

type Token = { t: "str"; v: string } | { t: "num"; v: number } | { t: "word"; v: string } | { t: "punct"; v: "(" | ")" | "," };

type Node =
  | { k: "and" | "or"; a: Node; b: Node }
  | { k: "not"; a: Node }
  | { k: "cmp"; op: string; left: Operand; right: Operand }
  | { k: "in"; left: Operand; list: Operand[] }
  | { k: "fn"; name: string; args: Operand[] };

type Operand = { k: "prop"; path: string[] } | { k: "lit"; v: unknown };

export function parseFilter(text: string): FilterPredicate {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const word = (w: string) => {
    const t = peek();
    return t?.t === "word" && t.v.toLowerCase() === w;
  };
  const expect = (v: "(" | ")" | ",") => {
    const t = tokens[i++];
    if (t?.t !== "punct" || t.v !== v) throw invalid(text, `expected '${v}'`);
  };
  const operand = (): Operand => {
    const t = tokens[i++];
    if (!t) throw invalid(text, "unexpected end");
    if (t.t === "str") return { k: "lit", v: t.v };
    if (t.t === "num") return { k: "lit", v: t.v };
    if (t.t === "word") {
      const lw = t.v.toLowerCase();
      if (lw === "true" || lw === "false") return { k: "lit", v: lw === "true" };
      if (lw === "null") return { k: "lit", v: null };
      if (/^\d{4}-\d{2}-\d{2}T/.test(t.v)) return { k: "lit", v: t.v };
      return { k: "prop", path: t.v.split("/") };
    }
    throw invalid(text, `unexpected '${t.v}'`);
  };
  const primary = (): Node => {
    const t = peek();
    if (t?.t === "punct" && t.v === "(") {
      i++;
      const n = orExpr();
      expect(")");
      return n;
    }
    if (t?.t === "word" && tokens[i + 1]?.t === "punct" && (tokens[i + 1] as { v: string }).v === "(") {
      const name = t.v.toLowerCase();
      if (name !== "startswith" && name !== "endswith") throw invalid(text, `function ${t.v} is not supported`);
      i += 2;
      const args = [operand()];
      expect(",");
      args.push(operand());
      expect(")");
      return { k: "fn", name, args };
    }
    const left = operand();
    const op = tokens[i++];
    if (op?.t !== "word") throw invalid(text, "expected an operator");
    const lop = op.v.toLowerCase();
    if (lop === "in") {
      expect("(");
      const list = [operand()];
      while (peek()?.t === "punct" && (peek() as { v: string }).v === ",") {
        i++;
        list.push(operand());
      }
      expect(")");
      return { k: "in", left, list };
    }
    if (!["eq", "ne", "gt", "ge", "lt", "le"].includes(lop)) throw invalid(text, `operator ${op.v} is not supported`);
    return { k: "cmp", op: lop, left, right: operand() };
  };
  const unary = (): Node => {
    if (word("not")) {
      i++;
      return { k: "not", a: unary() };
    }
    return primary();
  };
  const andExpr = (): Node => {
    let n = unary();
    while (word("and")) {
      i++;
      n = { k: "and", a: n, b: unary() };
    }
    return n;
  };
  const orExpr = (): Node => {
    let n = andExpr();
    while (word("or")) {
      i++;
      n = { k: "or", a: n, b: andExpr() };
    }
    return n;
  };
  const root = orExpr();
  if (i !== tokens.length) throw invalid(text, "unexpected trailing input");
  return (entity) => evaluate(root, entity);
}

function evaluate(n: Node, e: Record<string, unknown>): boolean {
  switch (n.k) {
    case "and":
      return evaluate(n.a, e) && evaluate(n.b, e);
    case "or":
      return evaluate(n.a, e) || evaluate(n.b, e);
    case "not":
      return !evaluate(n.a, e);
    case "in": {
      const v = value(n.left, e);
      return n.list.some((x) => compare(v, value(x, e)) === 0);
    }
    case "fn": {
      const [a, b] = n.args.map((x) => value(x, e));
      if (typeof a !== "string" || typeof b !== "string") return false;
      return n.name === "startswith" ? a.toLowerCase().startsWith(b.toLowerCase()) : a.toLowerCase().endsWith(b.toLowerCase());
    }
    case "cmp": {
      const c = compare(value(n.left, e), value(n.right, e));
      switch (n.op) {
        case "eq":
          return c === 0;
        case "ne":
          return c !== 0;
        case "gt":
          return c !== undefined && c > 0;
        case "ge":
          return c !== undefined && c >= 0;
        case "lt":
          return c !== undefined && c < 0;
        default:
          return c !== undefined && c <= 0;
      }
    }
  }
}

function value(o: Operand, e: Record<string, unknown>): unknown {
  if (o.k === "lit") return o.v;
  let cur: unknown = e;
  for (const p of o.path) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[p] : undefined;
  return cur ?? null;
}

/** 0 when equal, sign otherwise; undefined when the two cannot be ordered. */
function compare(a: unknown, b: unknown): number | undefined {
  if (a === null || b === null) return a === b ? 0 : 1;
  if (typeof a === "string" && typeof b === "string") {
    const da = Date.parse(a);
    const db = Date.parse(b);
    if (/^\d{4}-\d{2}-\d{2}T/.test(a) && /^\d{4}-\d{2}-\d{2}T/.test(b) && !Number.isNaN(da) && !Number.isNaN(db)) return Math.sign(da - db);
    return a.toLowerCase().localeCompare(b.toLowerCase());
  }
  if (typeof a === "number" && typeof b === "number") return Math.sign(a - b);
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : 1;
  return undefined;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      out.push({ t: "punct", v: c });
      i++;
    } else if (c === "'") {
      let s = "";
      i++;
      for (;;) {
        if (i >= text.length) throw invalid(text, "unterminated string");
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += text[i++];
      }
      out.push({ t: "str", v: s });
    } else if (/[-\d]/.test(c) && !/^\d{4}-\d{2}-\d{2}T/.test(text.slice(i))) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!m) throw invalid(text, `unexpected '${c}'`);
      out.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
    } else {
      const m = /^[A-Za-z0-9_./@:+-]+/.exec(text.slice(i));
      if (!m) throw invalid(text, `unexpected '${c}'`);
      out.push({ t: "word", v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

function invalid(text: string, why: string) {
  return badRequest(`Invalid filter clause: ${why} in '${text}'`, "BadRequest");
}
