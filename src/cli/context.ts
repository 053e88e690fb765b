import type { Writable } from "node:stream";

/** Conventional exit codes: 2 is a usage problem (bad option, missing input file). */
export const ExitCode = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What a command may touch of the outside world, so the CLI can run in-process under a test too. */
export interface CliContext {
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Set by the command that ran; the process exits with it. */
  exitCode: ExitCode;
}

/** `${DATA_DIR:-./data}` resolved against the working directory. */
export function dataDir(ctx: CliContext): string {
  return ctx.env.DATA_DIR ? ctx.env.DATA_DIR : "./data";
}
