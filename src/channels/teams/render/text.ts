import type { Tone } from "../../../core/views/types.js";

/** Container styles and text colours of the Adaptive Cards schema, by view tone. */
const STYLE: Record<Tone, string> = { neutral: "default", accent: "accent", good: "good", warning: "warning", attention: "attention" };
const COLOR: Record<Tone, string> = { neutral: "Default", accent: "Accent", good: "Good", warning: "Warning", attention: "Attention" };

export function styleOf(tone: Tone): string {
  return STYLE[tone];
}

export function colorOf(tone: Tone): string {
  return COLOR[tone];
}

/** Cuts text to `max` characters on a word boundary when one is near, marking the cut. */
export function clip(text: string | undefined, max: number): string {
  const t = (text ?? "").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Text people typed (justifications, reasons, comments) is shown in cards that approvers trust. Teams
 * renders Markdown links in TextBlocks, so a requester could dress a phishing link up as something
 * else; breaking the `](` sequence keeps the text readable and the link inert.
 */
export function userText(text: string | undefined, max: number): string {
  return clip((text ?? "").replace(/\]\s*\(/g, "] ("), max);
}

/** A note shown under a card: the result of what the person just did, or why it was refused. */
export interface CardNote {
  text: string;
  tone: Tone;
  /** Refusals get the element id "refusal", so clients and tests can tell them apart without reading prose. */
  refused?: boolean;
}

export interface NoteModel {
  id: string;
  text: string;
  color: string;
}

export function noteModel(note: CardNote | undefined): NoteModel {
  if (!note) return { id: "note", text: "", color: "Default" };
  return { id: note.refused ? "refusal" : "note", text: clip(note.text, 1000), color: colorOf(note.tone) };
}
