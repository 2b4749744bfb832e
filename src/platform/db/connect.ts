import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Config } from "../config";
import { log } from "../log";

export type DialectName = "sqlite" | "postgres";

export interface DbHandle<DB> {
  db: Kysely<DB>;
  dialect: DialectName;
  close(): Promise<void>;
}

// PostgreSQL returns COUNT(*) and BIGINT as strings; our counts fit in a JS number.
pg.types.setTypeParser(20, (value: string) => Number(value));

/**
 * Kysely prepares every query anew; preparing costs more than running a small query, so
 * prepared statements are kept by SQL text (queries are parameterised, so the set is small).
 * A statement still being iterated is never handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        return cached;
      }
      const stmt = sqlite.prepare(sql);
      if (!cached) {
        if (cache.size >= max) {
          cache.clear();
        }
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/**
 * Opens the configured database. SQLite runs in WAL mode with foreign keys on and a busy
 * timeout, so a crash of the process (kill -9) loses no committed transaction.
 */
export function connect<DB>(database: Config["database"]): DbHandle<DB> {
  if (database.kind === "sqlite") {
    if (database.path !== ":memory:") {
      fs.mkdirSync(path.dirname(database.path), { recursive: true });
    }
    const sqlite = new SQLite(database.path);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    // Deleted and overwritten content is zeroed in the file, not left in free pages: text erased
    // for someone's safety (a doxxing comment, a deleted account) must not survive on disk.
    sqlite.pragma("secure_delete = ON");
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: "sqlite", close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on("error", (error) => log.warn("db", "idle_connection_error", { message: error.message }));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", close: () => db.destroy() };
}
