import { createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { Option, type Command } from "commander";
import { exportAuditLog, EXPORT_FORMATS, type ExportFormat } from "../../adapters/audit/export.js";
import { AUDIT_FILE_NAME } from "../../adapters/audit/jsonl-audit-log.js";
import { describeBreak, verifyAuditChain } from "../../adapters/audit/verify.js";
import { dataDir, ExitCode, type CliContext } from "../context.js";

const FILE_HELP = `audit log file (default: $DATA_DIR/${AUDIT_FILE_NAME}, with DATA_DIR defaulting to ./data)`;

/** `pim audit verify|export`. */
export function registerAuditCommand(program: Command, ctx: CliContext): Command {
  const audit = program.command("audit").description("check and export the tamper-evident audit log");

  audit
    .command("verify")
    .description("re-compute the hash chain and report the first record that does not match")
    .option("--file <path>", FILE_HELP)
    .action(async (options: { file?: string }) => {
      const file = auditFile(ctx, options.file);
      if (!(await isFile(ctx, file))) return;
      const result = await verifyAuditChain(file);
      if (result.ok) {
        ctx.stdout.write(`audit chain OK: ${result.count} record${result.count === 1 ? "" : "s"}\n`);
        ctx.exitCode = ExitCode.OK;
      } else {
        const { seq, line } = result.brokenAt;
        ctx.stderr.write(`audit chain BROKEN at record seq ${seq ?? "?"} (line ${line}): ${describeBreak(result.brokenAt)}\n`);
        ctx.exitCode = ExitCode.FAILED;
      }
    });

  audit
    .command("export")
    .description("write every record as JSON lines (exactly as stored) or CSV; does not verify the chain")
    .addOption(new Option("--format <format>", "output format").choices(EXPORT_FORMATS).makeOptionMandatory())
    .option("--file <path>", FILE_HELP)
    .option("--out <path>", "write to this file instead of standard output")
    .action(async (options: { format: ExportFormat; file?: string; out?: string }) => {
      const file = auditFile(ctx, options.file);
      if (!(await isFile(ctx, file))) return;
      if (options.out === undefined) {
        await exportAuditLog({ file, format: options.format, out: ctx.stdout, end: false });
        ctx.exitCode = ExitCode.OK;
        return;
      }
      const out = path.resolve(ctx.cwd, options.out);
      try {
        const { count } = await exportAuditLog({ file, format: options.format, out: createWriteStream(out, { mode: 0o600 }) });
        ctx.stderr.write(`exported ${count} record${count === 1 ? "" : "s"} to ${out}\n`);
        ctx.exitCode = ExitCode.OK;
      } catch (e) {
        // A half-written export looks complete to whoever opens it next.
        await rm(out, { force: true });
        throw e;
      }
    });

  return audit;
}

function auditFile(ctx: CliContext, file: string | undefined): string {
  return path.resolve(ctx.cwd, file ?? path.join(dataDir(ctx), AUDIT_FILE_NAME));
}

async function isFile(ctx: CliContext, file: string): Promise<boolean> {
  const info = await stat(file).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? undefined : Promise.reject(e)));
  if (info?.isFile()) return true;
  ctx.stderr.write(info ? `error: ${file} is not a file\n` : `error: audit log not found: ${file}\n`);
  ctx.exitCode = ExitCode.USAGE;
  return false;
}
