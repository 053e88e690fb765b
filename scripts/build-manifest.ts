import { mkdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AppManifestUtils, type AppManifest } from "@microsoft/app-manifest";
import AdmZip from "adm-zip";
import { decodePng, readPngInfo } from "../manifest/tools/png.js";

/**
 * Builds the Teams app package: fills manifest/manifest.template.json from the environment, validates it
 * offline against the bundled Teams schema, checks the icons, and zips manifest.json + icons.
 *
 *   npm run manifest [-- --template <path>] [-- --out <zip>]
 *
 * Placeholders are `${{NAME}}`. TEAMS_APP_ID and MICROSOFT_APP_ID fall back to dev GUIDs outside
 * production (with a warning); with NODE_ENV=production they must be set.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_TEMPLATE = join(ROOT, "manifest", "manifest.template.json");
export const DEFAULT_OUT = join(ROOT, "manifest", "build", "pim-chatops.zip");

const TEAMS_SCHEMA_PREFIX = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?json-schemas\/teams\//;
const ICON_RULES = { color: { size: 192 }, outline: { size: 32 } } as const;

interface Placeholder {
  /** Used, with a warning, when the variable is unset outside production. */
  devDefault?: () => Promise<string>;
  requiredInProduction: boolean;
}

const PLACEHOLDERS: Record<string, Placeholder> = {
  TEAMS_APP_ID: { devDefault: async () => "00000000-0000-4000-8000-00000000a001", requiredInProduction: true },
  MICROSOFT_APP_ID: { devDefault: async () => "00000000-0000-4000-8000-00000000b001", requiredInProduction: true },
  TEAMS_APP_VERSION: { devDefault: packageVersion, requiredInProduction: false },
  BOT_DOMAIN: { devDefault: async () => "localhost", requiredInProduction: true },
};

export interface BuildManifestOptions {
  templatePath?: string;
  outPath?: string;
  env?: Record<string, string | undefined>;
}

export interface BuildManifestResult {
  errors: string[];
  warnings: string[];
  manifest?: Record<string, unknown>;
  /** Set only when the package was written. */
  zipPath?: string;
}

export async function buildManifestPackage(opts: BuildManifestOptions = {}): Promise<BuildManifestResult> {
  const templatePath = resolve(opts.templatePath ?? DEFAULT_TEMPLATE);
  const env = opts.env ?? process.env;
  const warnings: string[] = [];

  const filled = await fillTemplate(await readFile(templatePath, "utf8"), env, warnings);
  if (filled.errors.length > 0) return { errors: filled.errors, warnings };
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(filled.text) as Record<string, unknown>;
  } catch (err) {
    return { errors: [`the template is not valid JSON: ${(err as Error).message}`], warnings };
  }

  // Any other $schema URL would make the validator download the schema; the build must work offline.
  if (typeof manifest.$schema !== "string" || !TEAMS_SCHEMA_PREFIX.test(manifest.$schema)) {
    return { errors: ["$schema must be the official https://developer.microsoft.com/json-schemas/teams/… URL so validation runs offline"], warnings, manifest };
  }
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest);
  const icons = await checkIcons(manifest, dirname(templatePath));
  const errors = [...schemaErrors.map((e) => `schema: ${e.trim()}`), ...icons.errors];
  if (errors.length > 0) return { errors, warnings, manifest };

  const zip = new AdmZip();
  zip.addFile("manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8"));
  for (const icon of icons.files) zip.addFile(icon.name, icon.bytes);
  const zipPath = resolve(opts.outPath ?? DEFAULT_OUT);
  await mkdir(dirname(zipPath), { recursive: true });
  await zip.writeZipPromise(zipPath);
  return { errors: [], warnings, manifest, zipPath };
}

async function fillTemplate(template: string, env: Record<string, string | undefined>, warnings: string[]): Promise<{ text: string; errors: string[] }> {
  const production = env.NODE_ENV === "production";
  const errors: string[] = [];
  const values = new Map<string, string>();
  for (const [, name] of template.matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)) {
    if (!name || values.has(name)) continue;
    const rule = PLACEHOLDERS[name];
    const given = env[name]?.trim();
    if (given) values.set(name, given);
    else if (!rule) errors.push(`the template uses \${{${name}}}, which this script does not know`);
    else if (production && rule.requiredInProduction) errors.push(`${name} must be set when NODE_ENV=production`);
    else if (rule.devDefault) {
      const fallback = await rule.devDefault();
      values.set(name, fallback);
      if (rule.requiredInProduction) warnings.push(`${name} is not set; using the development placeholder ${fallback}`);
    }
  }
  // Values are inserted inside JSON strings, so they are escaped as JSON.
  const text = template.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = values.get(name);
    return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
  });
  return { text, errors };
}

/** Teams rejects packages whose icons have the wrong size, and shows a non-transparent outline as a white square. */
async function checkIcons(manifest: Record<string, unknown>, baseDir: string): Promise<{ errors: string[]; files: { name: string; bytes: Buffer }[] }> {
  const errors: string[] = [];
  const files: { name: string; bytes: Buffer }[] = [];
  const declared = (manifest.icons ?? {}) as Record<string, unknown>;
  for (const kind of Object.keys(ICON_RULES) as (keyof typeof ICON_RULES)[]) {
    const name = declared[kind];
    if (typeof name !== "string") continue; // the schema already reports a missing icon
    if (name.includes("/") || name.includes("\\")) {
      errors.push(`icons.${kind}: keep icons next to manifest.json (got ${name})`);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(join(baseDir, name));
    } catch {
      errors.push(`icons.${kind}: ${name} not found next to the template`);
      continue;
    }
    const problem = iconProblem(kind, bytes);
    if (problem) errors.push(`icons.${kind} (${name}): ${problem}`);
    else files.push({ name, bytes });
  }
  return { errors, files };
}

function iconProblem(kind: keyof typeof ICON_RULES, bytes: Buffer): string | undefined {
  const { size } = ICON_RULES[kind];
  try {
    const info = readPngInfo(bytes);
    if (info.width !== size || info.height !== size) return `must be ${size}×${size} pixels, is ${info.width}×${info.height}`;
    if (kind === "color") return undefined;
    if (!info.hasAlpha) return "must have a transparent background (the PNG has no alpha channel)";
    const { pixels } = decodePng(bytes);
    let transparent = 0;
    let drawn = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const alpha = pixels[i + 3]!;
      if (alpha === 0) transparent++;
      else if (pixels[i] !== 255 || pixels[i + 1] !== 255 || pixels[i + 2] !== 255) return "must be white on transparent (found a coloured pixel)";
      else drawn++;
    }
    if (transparent === 0) return "must have a transparent background (no pixel is transparent)";
    if (drawn === 0) return "is empty (every pixel is transparent)";
    return undefined;
  } catch (err) {
    return `is not a usable PNG: ${(err as Error).message}`;
  }
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

function argValue(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const result = await buildManifestPackage({ templatePath: argValue(args, "--template"), outPath: argValue(args, "--out") });
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  if (result.errors.length > 0) {
    console.error(`The Teams app manifest is invalid:\n${result.errors.map((e) => `  - ${e}`).join("\n")}`);
    return 1;
  }
  console.log(`Wrote ${result.zipPath}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
