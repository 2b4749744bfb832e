import { sql, type Kysely } from "kysely";
import { isPostgres } from "./lib/helpers";

// Translation workflow: segments of revisions, targets, per-segment translations with versions,
// translator language pairs, translation memory and glossary. Frozen once merged.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await isPostgres(db);

  // A segment is a sentence-level unit of source text, placeholders included. Its id is derived
  // from the statement and its text, so an unchanged sentence keeps its id across revisions.
  await db.schema
    .createTable("segments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("statement_id", "text", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("markup", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("segments_statement_idx").on("segments").column("statement_id").execute();

  // The ordered segments of one revision, with the Markdown block each belongs to.
  await db.schema
    .createTable("revision_segments")
    .addColumn("statement_id", "text", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("segment_id", "text", (c) => c.notNull().references("segments.id").onDelete("cascade"))
    .addColumn("block", "integer", (c) => c.notNull())
    .addColumn("block_kind", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("revision_segments_pk", ["statement_id", "revision", "position"])
    .execute();

  await db.schema
    .createTable("translation_targets")
    .addColumn("statement_id", "text", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("added_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("claimed_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("claim_expires_at", "text")
    .addColumn("published_revision", "integer")
    .addColumn("published_at", "text")
    .addPrimaryKeyConstraint("translation_targets_pk", ["statement_id", "lang"])
    .execute();

  // One row per segment and target language; `version` guards against silent overwrites.
  await db.schema
    .createTable("segment_translations")
    .addColumn("segment_id", "text", (c) => c.notNull().references("segments.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("approved_text", "text")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("machine", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("translator_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reviewer_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("comment", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("segment_translations_pk", ["segment_id", "lang"])
    .execute();

  await db.schema
    .createTable("translator_pairs")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("source_lang", "text", (c) => c.notNull())
    .addColumn("target_lang", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("translator_pairs_pk", ["user_id", "source_lang", "target_lang"])
    .execute();

  // Translation memory: approved or imported segment pairs. `source_norm` is what matching uses.
  await db.schema
    .createTable("tm_units")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("source_lang", "text", (c) => c.notNull())
    .addColumn("target_lang", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("source_norm", "text", (c) => c.notNull())
    .addColumn("unit_hash", "text", (c) => c.notNull())
    .addColumn("source_key", "text", (c) => c.notNull())
    .addColumn("context", "text")
    .addColumn("statement_id", "text")
    .addColumn("group_id", "text")
    .addColumn("translator", "text")
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("tm_units_hash_idx").on("tm_units").column("unit_hash").unique().execute();
  await db.schema.createIndex("tm_units_pair_idx").on("tm_units").columns(["source_lang", "target_lang"]).execute();
  // Exact look-ups (short texts, memory pre-fill) by a hash of pair and normalised source.
  await db.schema.createIndex("tm_units_source_key_idx").on("tm_units").column("source_key").execute();
  if (pg) {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX tm_units_trgm_idx ON tm_units USING GIST (source_norm gist_trgm_ops)`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE tm_fts USING fts5(source_norm, content='tm_units', content_rowid='id', tokenize='trigram')`.execute(db);
    await sql`CREATE TRIGGER tm_units_ai AFTER INSERT ON tm_units BEGIN INSERT INTO tm_fts(rowid, source_norm) VALUES (new.id, new.source_norm); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER tm_units_ad AFTER DELETE ON tm_units BEGIN INSERT INTO tm_fts(tm_fts, rowid, source_norm) VALUES ('delete', old.id, old.source_norm); END`.execute(
      db,
    );
  }

  await db.schema
    .createTable("glossary_terms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("source_lang", "text", (c) => c.notNull())
    .addColumn("target_lang", "text", (c) => c.notNull())
    .addColumn("term", "text", (c) => c.notNull())
    .addColumn("term_norm", "text", (c) => c.notNull())
    .addColumn("preferred", "text", (c) => c.notNull())
    .addColumn("forbidden", "text", (c) => c.notNull())
    .addColumn("do_not_translate", "integer", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("glossary_pair_term_idx").on("glossary_terms").columns(["source_lang", "target_lang", "term_norm"]).unique().execute();
}
