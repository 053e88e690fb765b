import { Command, CommanderError } from "commander";
import { isPimError } from "../core/errors.js";
import { registerAuditCommand } from "./commands/audit.js";
import { ExitCode, type CliContext } from "./context.js";

/** The `pim` command tree. Each command group registers itself from src/cli/commands/. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command("pim")
    .description("pim-chatops operator commands")
    // Settings before subcommands: commander copies them into each subcommand when it is created.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    })
    .showHelpAfterError("(run with --help for usage)");
  registerAuditCommand(program, ctx);
  return program;
}

/** Runs one command line and returns the exit code; never calls process.exit, so output drains. */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  try {
    await buildProgram(ctx).parseAsync([...args], { from: "user" });
    return ctx.exitCode;
  } catch (e) {
    // Commander has already printed its message; help and version requests end with code 0.
    if (e instanceof CommanderError) return e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    if ((e as NodeJS.ErrnoException).code === "EPIPE") return ExitCode.OK;
    if (isPimError(e)) ctx.stderr.write(`error: ${e.message} (${e.code})\n`);
    else ctx.stderr.write(`error: ${(e as Error)?.stack ?? String(e)}\n`);
    return ExitCode.FAILED;
  }
}
