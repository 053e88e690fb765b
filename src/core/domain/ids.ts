/** Prefixes make ids self-describing in logs, cards and audit records. */
export const ID_PREFIX = {
  request: "req",
  grant: "gr",
  review: "rv",
  job: "job",
  audit: "au",
  event: "ev",
  correlation: "corr",
} as const;
export type IdKind = keyof typeof ID_PREFIX;
