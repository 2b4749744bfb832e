import type { ControlledTransaction } from "kysely";
import type { Database, DbContext } from "../database";
import type { Config } from "../../platform/config";
import { contentRecords } from "./export-content.queries";
import { fileAccessFor } from "./export-files";
import { directoryRecords, exportedGroupIds } from "./export-directory.queries";
import { discussionRecords } from "./export-discussion.queries";
import { federationRecords } from "./export-federation.queries";
import { emptyCounts, endLine, headerLine, int, recordLine } from "./portability.model";

/** Where the log's origin line is kept (see provenance/keys.service.ts). */
const ORIGIN_SETTING = "log_origin";

/**
 * A read-only snapshot for the whole export, so that it is consistent even while the instance
 * keeps publishing: repeatable read on PostgreSQL, a read transaction on SQLite (WAL readers
 * see the database as of their first read). On SQLite the transaction holds the connection,
 * so callers serving other requests give the export a connection of its own.
 */
async function snapshot(ctx: DbContext): Promise<ControlledTransaction<Database>> {
  const builder = ctx.db.startTransaction();
  return ctx.dialect === "postgres" ? builder.setIsolationLevel("repeatable read").setAccessMode("read only").execute() : builder.execute();
}

/**
 * The whole public instance as JSON Lines (docs/data.md, "Open data export"): a header, every
 * record in a fixed order, and an end line with the count of each type. Nothing in it depends
 * on when or where it is made, so the same data always gives the same bytes. Lines come one at
 * a time from pages of 1,000 rows, so memory stays flat however large the instance is.
 */
export async function* exportLines(ctx: DbContext & { config: Config }): AsyncGenerator<string> {
  const trx = await snapshot(ctx);
  try {
    const origin = await trx.selectFrom("instance_settings").select("value").where("name", "=", ORIGIN_SETTING).executeTakeFirst();
    yield headerLine(origin?.value ?? null);
    const counts = emptyCounts();
    for (const records of [directoryRecords(trx), contentRecords(trx, fileAccessFor(ctx.config)), discussionRecords(trx), federationRecords(trx)]) {
      for await (const [type, fields] of records) {
        counts[type] += 1;
        yield recordLine(type, fields);
      }
    }
    yield endLine(counts);
  } finally {
    await trx.rollback().execute();
  }
}

/**
 * About how many records an export will hold, for a progress bar: the large tables counted
 * without the per-row filters (which leave out little), so it is quick.
 */
export async function estimateExportSize(ctx: DbContext): Promise<number> {
  const count = async (q: Promise<{ n: number | string } | undefined>) => int((await q)?.n ?? 0);
  const db = ctx.db;
  const parts = await Promise.all([
    count(
      db
        .selectFrom("groups")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("id", "in", exportedGroupIds(db))
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom("statements")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("group_id", "in", exportedGroupIds(db))
        .executeTakeFirst(),
    ),
    ...(
      [
        "statement_revisions",
        "revision_signatures",
        "incidents",
        "incident_sources",
        "media",
        "translation_targets",
        "segments",
        "revision_segments",
        "translation_publications",
        "log_entries",
        "comments",
      ] as const
    ).map((table) =>
      count(
        db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirst(),
      ),
    ),
  ]);
  return parts.reduce((a, b) => a + b, 0);
}
