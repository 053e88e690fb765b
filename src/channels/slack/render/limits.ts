/**
 * Slack's Block Kit limits that the JSON schema cannot express (from Slack's reference and the
 * @slack/types comments). Renderers trim to these; they never send something Slack would refuse.
 */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  sectionFields: 10,
  contextElements: 10,
  actionsElements: 25,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  optionGroupLabel: 75,
  actionId: 255,
  blockId: 255,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  placeholder: 150,
  hint: 2000,
  privateMetadata: 3000,
  /** Notification fallback text: Slack truncates at 40,000; a preview needs far less. */
  messageText: 3000,
} as const;

/** How much of a justification a card shows before "Show details". */
export const CARD_JUSTIFICATION_CHARS = 500;
/** How much of one fact value a card shows before "Show details". */
export const CARD_FACT_CHARS = 300;
