import type { types } from "@slack/bolt";

/** The Block Kit types the renderers produce (from @slack/types, re-exported by bolt). */
export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type ActionsBlock = types.ActionsBlock;
export type ContextBlock = types.ContextBlock;
export type InputBlock = types.InputBlock;
export type Button = types.Button;
export type PlainTextElement = types.PlainTextElement;
export type MrkdwnElement = types.MrkdwnElement;
export type PlainTextOption = types.PlainTextOption;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
export type MessageMetadata = types.MessageMetadata;

/** A message as the bot sends it: notification text, blocks and (for copies) the subject it shows. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
  metadata?: MessageMetadata;
}
