#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx compiles src/ as it is imported.
import { register } from "tsx/esm/api";

register();
// Imported dynamically so that it loads after the tsx hooks are in place.
await import("../src/cli/main.ts");
