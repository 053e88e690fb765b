import { readFile } from "node:fs/promises";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { ConfigurationError, ErrorCodes } from "../core/errors.js";
import { parsePolicy } from "../core/policy/load.js";
import type { Policy } from "../core/policy/schema.js";

/** Reads and validates the policy file (YAML or JSON); any problem stops the start with file and path named. */
export async function loadPolicyFile(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new ConfigurationError(ErrorCodes.POLICY_INVALID, `Policy file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  }
  let doc: unknown;
  try {
    doc = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
    throw new ConfigurationError(ErrorCodes.POLICY_INVALID, `Policy file ${file} is not valid ${file.endsWith(".json") ? "JSON" : "YAML"}${where}: ${(e as Error).message.split("\n")[0]}`, { file });
  }
  return parsePolicy(doc, file);
}
