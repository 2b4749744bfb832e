import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { defaultLimits, type AppDeps } from "../src/main/deps";
import { createRuntime } from "../src/main/wiring";
import { loadConfig, type Config } from "../src/platform/config";
import type { Clock } from "../src/platform/clock";

/** Where the suite runs: SQLite by default, PostgreSQL when DATABASE_URL says postgres://. */
export const TEST_DIALECT = (process.env.DATABASE_URL ?? "").startsWith("postgres") ? "postgres" : "sqlite";

export interface TestDb {
  deps: AppDeps;
  config: Config;
  close(): Promise<void>;
}

/**
 * A fresh database for one test file, built by the real migrations: a temporary SQLite file,
 * or a new PostgreSQL database on the server named by DATABASE_URL (dropped afterwards).
 */
/** A URL for a new, empty database: a temporary SQLite file, or a new PostgreSQL database. */
export async function freshDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sada_test_${randomBytes(6).toString("hex")}`;
  if (TEST_DIALECT === "postgres") {
    const adminUrl = process.env.DATABASE_URL ?? "";
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-test-"));
  return { url: `sqlite:${path.join(dir, "test.db")}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh database for one test file, built by the real migrations: a temporary SQLite file,
 * or a new PostgreSQL database on the server named by DATABASE_URL (dropped afterwards).
 */
export async function createTestDb(opts: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestDb> {
  const { url: databaseUrl, drop: dropDatabase } = await freshDatabaseUrl();
  // Each test file gets its own data folder (media, evidence), removed afterwards.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-data-"));
  const cleanup = async () => {
    await dropDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const loaded = loadConfig({
    DATABASE_URL: databaseUrl,
    SADA_DATA_DIR: dataDir,
    SADA_BASE_URL: "http://sada.test",
    SADA_SECRET: "test-secret-not-for-production-use-0123456789",
    ...opts.env,
  });
  if (!loaded.ok) {
    throw new Error(JSON.stringify(loaded.error));
  }
  const runtime = await createRuntime(loaded.value, { clock: opts.clock });
  return {
    deps: { ...runtime.deps, limits: defaultLimits() },
    config: loaded.value,
    close: async () => {
      await runtime.close();
      await cleanup();
    },
  };
}

/** Counts rows of a table, to prove that a failed request wrote nothing. */
export async function countRows(
  deps: AppDeps,
  table:
    | "users"
    | "groups"
    | "group_profiles"
    | "group_places"
    | "statements"
    | "statement_revisions"
    | "group_vouches"
    | "group_members"
    | "sessions"
    | "search_docs",
): Promise<number> {
  const row = await deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
