#!/usr/bin/env node
// `npm test`: format check, type check, lint, i18n catalog check, then the whole suite on SQLite and again on
// PostgreSQL. PostgreSQL is DATABASE_URL-less by default: SADA_TEST_POSTGRES_URL names a server
// to use; otherwise a throwaway server is started from Debian's postgresql package if installed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startTempPostgres } from "./pg-temp.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const onlyArgs = process.argv.slice(2);

function step(title, cmd, args, env = {}) {
  process.stdout.write(`\n▶ ${title}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

function vitest(label, env) {
  const out = path.join(root, `.vitest-${label}.json`);
  fs.rmSync(out, { force: true });
  const ok = step(`tests on ${label}`, bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${out}`, ...onlyArgs], env);
  let passed = 0;
  let failed = 0;
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, "utf8"));
    passed = report.numPassedTests;
    // Errors outside tests (unhandled rejections, a file that fails to load) count as a failure too.
    failed = Math.max(report.numFailedTests, ok ? 0 : 1);
    fs.rmSync(out, { force: true });
  } else {
    failed = 1;
  }
  return { ok: ok && failed === 0, passed, failed };
}

let allOk = true;
const checks = [
  ["format", bin("prettier"), ["--check", "--log-level=warn", "."]],
  ["type check", bin("tsc"), ["--noEmit", "-p", root]],
  ["lint", bin("eslint"), ["--max-warnings=0", "."]],
  ["i18n catalogs", process.execPath, ["--import", "tsx", path.join(root, "scripts/i18n-extract.ts")]],
];
if (onlyArgs.length === 0) {
  for (const [title, cmd, args] of checks) {
    allOk = step(title, cmd, args) && allOk;
  }
}

const sqlite = vitest("sqlite", { DATABASE_URL: "" });
let total = { passed: sqlite.passed, failed: sqlite.failed };
allOk = sqlite.ok && allOk;

let pgUrl = process.env.SADA_TEST_POSTGRES_URL;
let temp = null;
if (!pgUrl) {
  temp = await startTempPostgres().catch((e) => {
    process.stdout.write(`Could not start a temporary PostgreSQL: ${e.message}\n`);
    return null;
  });
  pgUrl = temp?.url;
}
if (pgUrl) {
  try {
    const postgres = vitest("postgres", { DATABASE_URL: pgUrl });
    total = { passed: total.passed + postgres.passed, failed: total.failed + postgres.failed };
    allOk = postgres.ok && allOk;
  } finally {
    temp?.stop();
  }
} else {
  process.stdout.write("\nPostgreSQL half not run: install Debian's postgresql package or set SADA_TEST_POSTGRES_URL.\n");
  if (process.env.CI) {
    allOk = false;
    total.failed += 1;
  }
}

process.stdout.write(`\n${allOk ? "All checks passed." : "Some checks failed."}\n`);
process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed\n`);
process.exit(allOk ? 0 : 1);
