import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Runs every bench/*.bench.ts in name order, or only those whose file name contains the first
 * argument: `npx tsx bench/run.ts audit`. Each default-exports an async function that prints its section.
 */
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
const all = (await readdir(benchDir)).filter((f) => f.endsWith(".bench.ts")).sort();
const selected = all.filter((f) => f.includes(filter));

if (selected.length === 0) {
  console.error(`No benchmark matches "${filter}". Available: ${all.join(", ") || "(none)"}`);
  process.exitCode = 2;
} else {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const file of selected) {
    const mod = (await import(pathToFileURL(path.join(benchDir, file)).href)) as { default?: unknown };
    if (typeof mod.default !== "function") throw new Error(`${file} must default-export an async function`);
    console.log(`\n=== ${file} ===`);
    await (mod.default as () => Promise<void>)();
  }
}
