import { parseDurationMinutes } from "../../core/domain/duration.js";

export interface OneLineRequest {
  entitlement: string;
  durationMinutes?: number;
  ticket?: string;
  justification: string;
}

export interface OneLineEmergency {
  entitlement: string;
  incident: string;
  minutes?: number;
  justification?: string;
}

export type ChatCommand =
  | { kind: "help" }
  | { kind: "request"; oneLine?: OneLineRequest; problem?: string }
  | { kind: "emergency"; oneLine?: OneLineEmergency; problem?: string }
  | { kind: "myAccess" }
  | { kind: "myRequests" }
  | { kind: "approvals" }
  | { kind: "reviews" }
  | { kind: "securityChannelHere" }
  | { kind: "unknown"; text: string };

export const COMMAND_HELP: ReadonlyArray<{ command: string; description: string }> = [
  { command: "request", description: "Ask for access (opens a form)" },
  { command: 'request "<entitlement>" <duration> <ticket> <justification>', description: 'One line, e.g. request "Global Reader" 4h CHG-12345 audit prep for Q4' },
  { command: "emergency", description: "Break-glass access for an incident (time-boxed, announced to security)" },
  { command: "my access", description: "What you hold now, with Extend / Release" },
  { command: "my requests", description: "Your recent requests and their state" },
  { command: "approvals", description: "Requests waiting for your decision" },
  { command: "reviews", description: "Access review items assigned to you" },
  { command: "security channel here", description: "(security owners, in a team channel) send security alerts here" },
  { command: "help", description: "This list" },
];

/** Splits on spaces but keeps "quoted phrases" (straight or curly quotes) together. */
function tokens(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (const m of s.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? "");
  return out;
}

const TICKET = /^[A-Z]{2,10}-?\d{3,}$/i;

/**
 * The one-line form: `request <entitlement> <duration> [ticket] <justification…>`. The entitlement is
 * the quoted phrase, or the words before the first duration-like token.
 */
export function parseOneLineRequest(rest: string): { value?: OneLineRequest; problem?: string } {
  const t = tokens(rest);
  const durIdx = t.findIndex((x, i) => i > 0 && parseDurationMinutes(x) !== undefined && /[a-z]/i.test(x));
  if (durIdx < 1) return { problem: 'Say the entitlement, the duration and why, e.g. request "Global Reader" 4h CHG-12345 audit preparation for Q4.' };
  const entitlement = t.slice(0, durIdx).join(" ");
  const durationMinutes = parseDurationMinutes(t[durIdx] as string);
  let i = durIdx + 1;
  const ticket = t[i] && TICKET.test(t[i] as string) ? (t[i++] as string).toUpperCase() : undefined;
  const justification = t.slice(i).join(" ");
  if (!justification) return { problem: "Add a justification after the duration (and ticket): why do you need it?" };
  return { value: { entitlement, durationMinutes, ticket, justification } };
}

/** `emergency <entitlement> <incident> [minutes] [justification…]` */
export function parseOneLineEmergency(rest: string): { value?: OneLineEmergency; problem?: string } {
  const t = tokens(rest);
  const incIdx = t.findIndex((x, i) => i > 0 && TICKET.test(x));
  if (incIdx < 1) return { problem: 'Say the entitlement and the incident, e.g. emergency "Exchange Administrator" INC-40123 90m mail flow outage.' };
  let i = incIdx + 1;
  const maybeMinutes = t[i] ? parseDurationMinutes(t[i] as string) : undefined;
  if (maybeMinutes !== undefined) i++;
  return { value: { entitlement: t.slice(0, incIdx).join(" "), incident: (t[incIdx] as string).toUpperCase(), minutes: maybeMinutes, justification: t.slice(i).join(" ") || undefined } };
}

/** Commands arrive as typed text, a command-menu choice or a slash command; mentions are already stripped. */
export function parseCommand(input: string): ChatCommand {
  const text = input.replace(/\s+/g, " ").trim();
  const lower = text.toLowerCase();
  const word = lower.split(" ")[0] ?? "";
  const rest = text.slice(word.length).trim();
  if (!text || word === "help" || lower === "?") return { kind: "help" };
  if (word === "request") {
    if (!rest) return { kind: "request" };
    const { value, problem } = parseOneLineRequest(rest);
    return { kind: "request", oneLine: value, problem };
  }
  if (word === "emergency" || word === "breakglass" || word === "break-glass") {
    if (!rest) return { kind: "emergency" };
    const { value, problem } = parseOneLineEmergency(rest);
    return { kind: "emergency", oneLine: value, problem };
  }
  if (lower === "my access" || lower === "access" || lower === "myaccess") return { kind: "myAccess" };
  if (lower === "my requests" || lower === "requests") return { kind: "myRequests" };
  if (lower === "approvals" || lower === "my approvals" || lower === "pending") return { kind: "approvals" };
  if (lower === "reviews" || lower === "my reviews") return { kind: "reviews" };
  if (lower === "security channel here") return { kind: "securityChannelHere" };
  return { kind: "unknown", text: text.slice(0, 200) };
}
