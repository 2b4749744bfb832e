#!/usr/bin/env node
// Entry point of the `sada` command. The sources are TypeScript, run through tsx's loader
// so that a fresh clone needs no build step. The project's tsconfig is named explicitly, so
// the command works from any directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// Dependencies are plain JavaScript: loaded here, before tsx's loader is registered, Node loads
// them itself, and the TypeScript sources importing them later get the same modules. Through
// the loader they would cost about 35 MB more (every file of them passes its hooks), which
// `sada export` cannot afford (bench/export.bench.ts). Only what the command will use: the
// database clients for the commands that open the database (a command missing from the list
// still works, it only loads them through tsx).
const [command, ...rest] = process.argv.slice(2);
const usesDatabase =
  ["serve", "migrate", "user", "token", "tm", "xliff", "glossary", "export", "import", "incidents"].includes(command ?? "") &&
  !rest.includes("--help") &&
  !rest.includes("-h");
await import("zod");
if (usesDatabase) {
  await Promise.all([import("kysely"), import("better-sqlite3"), import("pg")]);
}

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { main } = await import("../src/main/cli.ts");
process.exitCode = await main(process.argv.slice(2));
