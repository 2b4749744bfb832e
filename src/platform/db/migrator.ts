import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from "kysely";

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../migrations");
const MIGRATION_FILE = /^\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+\.ts$/;

/** Loads the date-prefixed files of migrations/ in name order; helper files are skipped. */
class DirectoryMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
      migrations[file.replace(/\.ts$/, "")] = mod;
    }
    return migrations;
  }
}

/**
 * Brings the database to the latest schema. Forward-only: a failed migration throws with
 * the migration's name, and the migration's own transaction leaves nothing half-applied.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: new DirectoryMigrationProvider() });
  const resultSet = await migrator.migrateToLatest();
  if (resultSet.error) {
    const failed = resultSet.results?.find((r) => r.status === "Error");
    const reason = resultSet.error instanceof Error ? resultSet.error.message : String(resultSet.error);
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${reason}`);
  }
  return resultSet;
}

/** Brings the database up to and including the named migration (e.g. to test a later one on old data). */
export async function migrateUpTo(db: Kysely<unknown>, migrationName: string): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: new DirectoryMigrationProvider() });
  const resultSet = await migrator.migrateTo(migrationName);
  if (resultSet.error) {
    throw resultSet.error instanceof Error ? resultSet.error : new Error(String(resultSet.error));
  }
  return resultSet;
}
