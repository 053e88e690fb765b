import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderColorIcon, renderOutlineIcon } from "./icons.js";

/** Regenerates manifest/color.png and manifest/outline.png: `npx tsx manifest/tools/generate-icons.ts`. */
const manifestDir = join(dirname(fileURLToPath(import.meta.url)), "..");
writeFileSync(join(manifestDir, "color.png"), renderColorIcon());
writeFileSync(join(manifestDir, "outline.png"), renderOutlineIcon());
console.log(`Wrote ${join(manifestDir, "color.png")} and ${join(manifestDir, "outline.png")}`);
