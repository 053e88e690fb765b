import { ConflictError, ErrorCodes, ForbiddenError, NotFoundError, PimError, PolicyViolationError, ValidationError } from "../core/errors.js";

/** RFC 9457 problem details for an error; the stable `code` is what integrations should match on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

export function statusOf(e: PimError): number {
  if (e instanceof ValidationError) return 400;
  if (e instanceof PolicyViolationError) return e.code === ErrorCodes.NOT_REQUESTABLE || e.code === ErrorCodes.EMERGENCY_NOT_ALLOWED ? 403 : 422;
  if (e instanceof ForbiddenError) return 403;
  if (e instanceof NotFoundError) return e.code === ErrorCodes.UNKNOWN_ENTITLEMENT || e.code === ErrorCodes.UNKNOWN_USER ? 422 : 404;
  if (e instanceof ConflictError) return 409;
  if (e.code === ErrorCodes.UNAUTHENTICATED) return 401;
  if (e.code === ErrorCodes.RATE_LIMITED) return 429;
  return 500;
}

export function toProblem(e: unknown): Problem {
  if (e instanceof PimError) {
    const status = statusOf(e);
    return {
      type: `https://pim-chatops.dev/problems/${e.code.toLowerCase().replace(/_/g, "-")}`,
      title: e.code,
      status,
      detail: e.message,
      code: e.code,
      errors: e.issues.length > 0 ? e.issues.map((i) => ({ field: i.field, message: i.message })) : undefined,
    };
  }
  return { type: "about:blank", title: "Internal error", status: 500, detail: "Something went wrong on our side; it has been logged.", code: "INTERNAL" };
}
