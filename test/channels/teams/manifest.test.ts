import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { AppManifestUtils, type AppManifest } from "@microsoft/app-manifest";
import AdmZip from "adm-zip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderColorIcon, renderOutlineIcon } from "../../../manifest/tools/icons.js";
import { encodePng, readPngInfo } from "../../../manifest/tools/png.js";
import { buildManifestPackage, DEFAULT_TEMPLATE } from "../../../scripts/build-manifest.js";
import { parseCommand } from "../../../src/channels/shared/commands.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../../..");
const MANIFEST_DIR = join(ROOT, "manifest");
const ENV = {
  NODE_ENV: "production",
  TEAMS_APP_ID: "3f1c2b7a-8d4e-4f0a-9b6c-1e2d3c4b5a60",
  MICROSOFT_APP_ID: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  TEAMS_APP_VERSION: "1.4.2",
  BOT_DOMAIN: "pim.contoso.example",
};

/** The parts of a Teams manifest these tests read or break. */
interface ManifestJson {
  $schema: string;
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
  [key: string]: unknown;
}

describe("Teams app package", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "teams-manifest-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** A copy of the template and icons, edited by `change`, in the temp dir. */
  async function brokenCopy(change: (manifest: ManifestJson) => void): Promise<string> {
    const template = JSON.parse(await readFile(DEFAULT_TEMPLATE, "utf8")) as ManifestJson;
    change(template);
    const path = join(dir, "manifest.template.json");
    await writeFile(path, JSON.stringify(template, null, 2));
    await copyFile(join(MANIFEST_DIR, "color.png"), join(dir, "color.png"));
    await copyFile(join(MANIFEST_DIR, "outline.png"), join(dir, "outline.png"));
    return path;
  }

  it("builds a zip whose manifest validates against the bundled 1.22 schema, with ids from the environment", async () => {
    const out = join(dir, "pim-chatops.zip");
    const result = await buildManifestPackage({ env: ENV, outPath: out });

    expect(result).toMatchObject({ errors: [], warnings: [], zipPath: out });
    const zip = new AdmZip(out);
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(zip.readAsText("manifest.json")) as ManifestJson;
    expect(await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest)).toEqual([]);
    expect(manifest).toMatchObject({ manifestVersion: "1.22", id: ENV.TEAMS_APP_ID, version: "1.4.2", validDomains: ["pim.contoso.example"] });
    const bot = manifest.bots[0]!;
    expect(bot).toMatchObject({ botId: ENV.MICROSOFT_APP_ID, scopes: ["personal", "team", "groupChat"] });
    const commands = (scope: string) => bot.commandLists.find((l) => l.scopes.includes(scope))?.commands.map((c) => c.title);
    expect(commands("personal")).toEqual(["request", "emergency", "my access", "my requests", "approvals", "reviews", "help"]);
    expect(commands("team")).toContain("security channel here");
    // Every menu entry is a command the bot understands, and no list is over the 1.22 limit.
    for (const list of bot.commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const { title } of list.commands) expect(parseCommand(title).kind, title).not.toBe("unknown");
    }
    expect(readPngInfo(zip.readFile("color.png")!)).toMatchObject({ width: 192, height: 192 });
    expect(readPngInfo(zip.readFile("outline.png")!)).toMatchObject({ width: 32, height: 32, hasAlpha: true });
  });

  it("uses development placeholders outside production, and says so", async () => {
    const result = await buildManifestPackage({ env: { NODE_ENV: "development" }, outPath: join(dir, "dev.zip") });

    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining("TEAMS_APP_ID"), expect.stringContaining("MICROSOFT_APP_ID"), expect.stringContaining("BOT_DOMAIN")]);
  });

  it("refuses to build for production without the app ids", async () => {
    const result = await buildManifestPackage({ env: { NODE_ENV: "production" }, outPath: join(dir, "prod.zip") });

    expect(result.errors).toEqual([expect.stringContaining("TEAMS_APP_ID"), expect.stringContaining("MICROSOFT_APP_ID"), expect.stringContaining("BOT_DOMAIN")]);
    expect(existsSync(join(dir, "prod.zip"))).toBe(false);
  });

  it("exits non-zero listing the schema errors when a bot scope is wrong, and writes no zip", async () => {
    const template = await brokenCopy((m) => {
      m.bots[0]!.scopes = ["personal", "channel"];
    });
    const out = join(dir, "broken.zip");

    const failure = await run(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "build-manifest.ts"), "--template", template, "--out", out], { cwd: ROOT, env: { ...process.env, ...ENV } }).catch((e: { code: number; stderr: string }) => e);

    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain("/bots/0/scopes/1 must be equal to one of the allowed values");
    expect(existsSync(out)).toBe(false);
  });

  it("rejects an outline icon that is not white on transparent, and icons of the wrong size", async () => {
    const template = await brokenCopy(() => undefined);
    const opaque = { width: 32, height: 32, pixels: new Uint8Array(32 * 32 * 4).fill(255) };
    const blue = { width: 32, height: 32, pixels: new Uint8Array(32 * 32 * 4).map((_, i) => (i % 4 === 3 ? (i < 2000 ? 0 : 255) : i % 4 === 2 ? 255 : 0)) };
    const small = { width: 96, height: 96, pixels: new Uint8Array(96 * 96 * 4).fill(200) };

    await writeFile(join(dir, "outline.png"), encodePng(opaque));
    await writeFile(join(dir, "color.png"), encodePng(small));
    const opaqueResult = await buildManifestPackage({ templatePath: template, env: ENV, outPath: join(dir, "x.zip") });
    await writeFile(join(dir, "outline.png"), encodePng(blue));
    const blueResult = await buildManifestPackage({ templatePath: template, env: ENV, outPath: join(dir, "x.zip") });

    expect(opaqueResult.errors).toEqual([
      "icons.color (color.png): must be 192×192 pixels, is 96×96",
      "icons.outline (outline.png): must have a transparent background (no pixel is transparent)",
    ]);
    expect(blueResult.errors).toContain("icons.outline (outline.png): must be white on transparent (found a coloured pixel)");
  });

  it("refuses a $schema that would make validation go online", async () => {
    const template = await brokenCopy((m) => {
      m.$schema = "https://example.com/teams.schema.json";
    });
    const result = await buildManifestPackage({ templatePath: template, env: ENV, outPath: join(dir, "x.zip") });

    expect(result.errors).toEqual([expect.stringContaining("$schema")]);
  });

  it("ships the icons the committed generator draws", async () => {
    expect(await readFile(join(MANIFEST_DIR, "color.png"))).toEqual(renderColorIcon());
    expect(await readFile(join(MANIFEST_DIR, "outline.png"))).toEqual(renderOutlineIcon());
  });
});
