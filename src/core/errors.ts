/**
 * Every error the product raises on purpose, with a stable code. Callers and tests match on `code`,
 * never on message text; messages are written for the person who has to act on them.
 */
export const ErrorCodes = {
  VALIDATION_FAILED: "VALIDATION_FAILED",
  UNKNOWN_USER: "UNKNOWN_USER",
  UNKNOWN_ENTITLEMENT: "UNKNOWN_ENTITLEMENT",
  NOT_REQUESTABLE: "NOT_REQUESTABLE",
  IDENTITY_NOT_ALLOWED: "IDENTITY_NOT_ALLOWED",
  NO_AZZ_ACCOUNT: "NO_AZZ_ACCOUNT",
  GRANT_KIND_NOT_ALLOWED: "GRANT_KIND_NOT_ALLOWED",
  DURATION_EXCEEDS_MAX: "DURATION_EXCEEDS_MAX",
  JUSTIFICATION_TOO_SHORT: "JUSTIFICATION_TOO_SHORT",
  TICKET_REQUIRED: "TICKET_REQUIRED",
  TICKET_INVALID: "TICKET_INVALID",
  DUPLICATE_REQUEST: "DUPLICATE_REQUEST",
  NO_APPROVERS: "NO_APPROVERS",
  REQUEST_NOT_FOUND: "REQUEST_NOT_FOUND",
  REVIEW_NOT_FOUND: "REVIEW_NOT_FOUND",
  SELF_APPROVAL_FORBIDDEN: "SELF_APPROVAL_FORBIDDEN",
  SEPARATION_OF_DUTIES: "SEPARATION_OF_DUTIES",
  NOT_AN_APPROVER: "NOT_AN_APPROVER",
  NOT_A_REVIEWER: "NOT_A_REVIEWER",
  NOT_ALLOWED: "NOT_ALLOWED",
  STALE_VERSION: "STALE_VERSION",
  INVALID_TRANSITION: "INVALID_TRANSITION",
  EXTENSION_NOT_ALLOWED: "EXTENSION_NOT_ALLOWED",
  EMERGENCY_NOT_ALLOWED: "EMERGENCY_NOT_ALLOWED",
  INCIDENT_REQUIRED: "INCIDENT_REQUIRED",
  CONFLICT: "CONFLICT",
  POLICY_INVALID: "POLICY_INVALID",
  CONFIG_INVALID: "CONFIG_INVALID",
  STORE_CORRUPTED: "STORE_CORRUPTED",
  AUDIT_CHAIN_BROKEN: "AUDIT_CHAIN_BROKEN",
  PROVISIONING_FAILED: "PROVISIONING_FAILED",
  PROVISIONING_TARGET_UNKNOWN: "PROVISIONING_TARGET_UNKNOWN",
  GRAPH_ERROR: "GRAPH_ERROR",
  GRAPH_UNAVAILABLE: "GRAPH_UNAVAILABLE",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  TENANT_MISMATCH: "TENANT_MISMATCH",
  RATE_LIMITED: "RATE_LIMITED",
  DELIVERY_BLOCKED: "DELIVERY_BLOCKED",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** One problem with one input field, so forms can show it next to the field. */
export interface FieldIssue {
  field: string;
  message: string;
  code?: ErrorCode;
}

export class PimError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  /** Field-by-field problems, when the error concerns input a form can show next to each field. */
  get issues(): FieldIssue[] {
    return (this.details.issues as FieldIssue[] | undefined) ?? [];
  }
}

/** Input that does not have the right shape; `issues` name each field and what is allowed. */
export class ValidationError extends PimError {
  constructor(issues: FieldIssue[], message?: string) {
    super(ErrorCodes.VALIDATION_FAILED, message ?? issues.map((i) => `${i.field}: ${i.message}`).join("; "), { issues });
  }
}

/** Something the request names does not exist (user, entitlement, request, review item). */
export class NotFoundError extends PimError {}

/** The policy forbids what was asked; `field` says which input is at fault when one is. */
export class PolicyViolationError extends PimError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> & { field?: string } = {}) {
    super(code, message, details);
  }
  get field(): string | undefined {
    return this.details.field as string | undefined;
  }
}

/** The actor has no right to do this (self-approval, not an approver, forged action). */
export class ForbiddenError extends PimError {}

/** The thing changed under us (compare-and-swap lost, stale card, transition not allowed from this state). */
export class ConflictError extends PimError {}

/** Configuration or policy file is unusable; the process must not start. */
export class ConfigurationError extends PimError {}

/** Durable state is unreadable; never overwrite it. */
export class StorageError extends PimError {}

/** A call to the identity provider failed; `retryable` says whether trying again can help. */
export class ProvisioningError extends PimError {
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, retryable: boolean, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.retryable = retryable;
  }
}

/** A chat delivery cannot succeed (user blocked the bot, app not installable). */
export class DeliveryError extends PimError {
  readonly permanent: boolean;
  constructor(code: ErrorCode, message: string, permanent: boolean, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.permanent = permanent;
  }
}

export function isPimError(e: unknown): e is PimError {
  return e instanceof PimError;
}
