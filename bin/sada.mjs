#!/usr/bin/env node
// Entry point of the `sada` command. The sources are TypeScript, run through tsx's loader
// so that a fresh clone needs no build step. The project's tsconfig is named explicitly, so
// the command works from any directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { main } = await import("../src/main/cli.ts");
process.exitCode = await main(process.argv.slice(2));
