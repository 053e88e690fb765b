/**
 * What a channel's acceptance driver can do as a person, through that channel's real transport
 * (signed HTTP into the bot, fake Bot Connector / fake Slack Web API out). Scenarios are written
 * once against this interface and run for every channel.
 */
export type PersonaKey = "requester" | "manager" | "owner" | "deputy" | "bystander" | "oncall" | "securityOwner" | "securityOwner2";

export type Subject = { requestId: string } | { reviewItemId: string };

/** A posted copy of a card/message as a person currently sees it. */
export interface RenderedCopy {
  /** All visible text, joined with newlines (titles, facts, outcome, notes). */
  text: string;
  /** Labels of the actions this person can use on it ("Approve", "Deny", "Keep", …). */
  actions: string[];
}

export interface PressOutcome {
  /** The bot refused the action (not allowed, stale, self-approval…). */
  refused: boolean;
  /** What the person was shown in answer (card note, ephemeral message, error text). */
  text: string;
}

export interface ChannelDriver {
  readonly name: "teams" | "slack";
  /** Make `who` the one who registers (Teams) or confirm (Slack) the security channel. */
  setupSecurityChannel(who: PersonaKey): Promise<void>;
  /** Type a command as `who` (1:1 chat / slash command). Returns the text of the bot's direct answers. */
  say(who: PersonaKey, text: string): Promise<string[]>;
  /** Open the request form (dialog / modal) and submit these values; returns field errors if the form came back. */
  submitRequestForm(who: PersonaKey, values: Record<string, string>): Promise<{ errors: Record<string, string> }>;
  /** Press an action on the copy `who` holds for `subject`; `input` fills the reason/choice it asks for. */
  press(who: PersonaKey, subject: Subject, action: string, input?: { reason?: string; choice?: string }): Promise<PressOutcome>;
  /** Send, as `who`, the action payload taken from `from`'s copy (a forged or replayed click). */
  forge(who: PersonaKey, from: PersonaKey, subject: Subject, action: string): Promise<PressOutcome>;
  /** The current state of the copy `who` received (or the security channel's copy). */
  copyOf(who: PersonaKey | "securityChannel", subject: Subject): Promise<RenderedCopy | undefined>;
  /** Text of everything the bot sent to `who` (messages and cards), oldest first. */
  inbox(who: PersonaKey): Promise<string[]>;
}
