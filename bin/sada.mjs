#!/usr/bin/env node
// Entry point of the `sada` command. The sources are TypeScript, run through tsx's loader
// so that a fresh clone needs no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main/cli.ts");
process.exitCode = await main(process.argv.slice(2));
