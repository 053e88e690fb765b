import type { Tone } from "../../../core/views/types.js";
import { expandCard, type AdaptiveCardJson } from "./templates.js";
import { clip, colorOf } from "./text.js";

export interface TextCardModel {
  text: string;
  tone: Tone;
  title?: string;
  refused?: boolean;
  details?: ReadonlyArray<{ label: string; value: string }>;
}

/** Notices without a subject, confirmations and refusals. */
export function renderTextCard(m: TextCardModel): AdaptiveCardJson {
  return expandCard("text", textCardModel(m));
}

/** The data `cards/text.json` is expanded with. */
export function textCardModel(m: TextCardModel) {
  return {
    title: clip(m.title, 200),
    id: m.refused ? "refusal" : "message",
    text: clip(m.text, 2000),
    color: colorOf(m.tone),
    details: (m.details ?? []).slice(0, 10).map((d) => ({ label: clip(d.label, 60), value: clip(d.value, 300) })),
  };
}
