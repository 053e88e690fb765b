import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../../core/ports/logger.js";

const severity: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

/**
 * Bolt and its WebClient log printf-style (`logger.error("Slack API error", err)`); our logger is
 * structured. The adapter keeps bolt's level filter because bolt's debug output includes request
 * bodies, which should stay off unless someone asks for them.
 */
export function toBoltLogger(logger: Logger, level: LogLevel = LogLevel.INFO): BoltLogger {
  let current = level;
  let name = "slack";
  const emit = (at: LogLevel, args: unknown[]): void => {
    if (severity[at] < severity[current]) return;
    const text = args.filter((a): a is string => typeof a === "string").join(" ");
    const err = args.find((a): a is Error => a instanceof Error);
    const rest = args.filter((a) => typeof a !== "string" && !(a instanceof Error));
    const obj = { component: name, ...(err ? { err } : {}), ...(rest.length > 0 ? { details: rest } : {}) };
    logger[at](obj, text || undefined);
  };
  return {
    debug: (...args: unknown[]) => emit(LogLevel.DEBUG, args),
    info: (...args: unknown[]) => emit(LogLevel.INFO, args),
    warn: (...args: unknown[]) => emit(LogLevel.WARN, args),
    error: (...args: unknown[]) => emit(LogLevel.ERROR, args),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n: string) => {
      name = n;
    },
  };
}
