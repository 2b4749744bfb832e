// Helpers for migrations only. Like the migrations, they import no application code.
import type { Kysely } from "kysely";

/** True when the migration runs on PostgreSQL; used for the few dialect-specific statements. */
export async function isPostgres(db: Kysely<any>): Promise<boolean> {
  const adapter = db.getExecutor().adapter;
  return adapter.constructor.name === "PostgresAdapter";
}
