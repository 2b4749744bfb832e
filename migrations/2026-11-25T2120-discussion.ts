import { sql, type Kysely } from "kysely";
import { isPostgres } from "./lib/helpers";

// discussion: comments under statements, reports, human translations of comments, per-statement
// discussion settings, account standing, notifications, word lists and the append-only
// moderation log. Frozen once merged.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await isPostgres(db);

  // One comment. `body` is the Markdown source; a removed or doxxing-deleted comment keeps its row
  // (so replies keep their place) with an empty body and no hash.
  await db.schema
    .createTable("comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("statement_id", "text", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("parent_id", "text", (c) => c.references("comments.id"))
    .addColumn("depth", "integer", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("reading_lang", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("body_hash", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("hold_reasons", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("hidden_reason", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("edited_at", "text")
    .addColumn("moderated_at", "text")
    .execute();
  await db.schema.createIndex("comments_statement_idx").on("comments").columns(["statement_id", "created_at"]).execute();
  await db.schema.createIndex("comments_status_idx").on("comments").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("comments_author_idx").on("comments").columns(["author_id", "created_at"]).execute();
  await db.schema.createIndex("comments_hash_idx").on("comments").column("body_hash").execute();
  await db.schema.createIndex("comments_parent_idx").on("comments").column("parent_id").execute();

  await db.schema
    .createTable("comment_reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("comment_id", "text", (c) => c.notNull().references("comments.id").onDelete("cascade"))
    .addColumn("reporter_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("resolved_at", "text")
    .execute();
  await db.schema.createIndex("comment_reports_comment_idx").on("comment_reports").columns(["comment_id", "status"]).execute();
  await db.schema.createIndex("comment_reports_reporter_idx").on("comment_reports").columns(["reporter_id", "comment_id"]).unique().execute();

  // A volunteer's human translation of a comment, one per language.
  await db.schema
    .createTable("comment_translations")
    .addColumn("comment_id", "text", (c) => c.notNull().references("comments.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("translator_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("comment_translations_pk", ["comment_id", "lang"])
    .execute();

  // open | premoderated | closed, set by the statement's group or a moderator. No row: open.
  await db.schema
    .createTable("discussion_settings")
    .addColumn("statement_id", "text", (c) => c.primaryKey().references("statements.id").onDelete("cascade"))
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  // Warnings and suspension of an account in discussions.
  await db.schema
    .createTable("discussion_standing")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("warnings", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("suspended_until", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  // In-app notices. They carry ids, never comment text.
  await db.schema
    .createTable("comment_notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("statement_id", "text")
    .addColumn("comment_id", "text")
    .addColumn("detail", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema.createIndex("comment_notifications_user_idx").on("comment_notifications").columns(["user_id", "read_at", "created_at"]).execute();

  // Words that hold a comment for review, per language, edited by admins. None are shipped.
  await db.schema
    .createTable("discussion_wordlists")
    .addColumn("lang", "text", (c) => c.primaryKey())
    .addColumn("words", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  // Append-only audit log of moderation. No foreign keys (nothing may rewrite a row) and no free
  // text: categories and ids only, so it never quotes a comment.
  await db.schema
    .createTable("moderation_log")
    .addColumn("seq", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("comment_id", "text")
    .addColumn("statement_id", "text")
    .addColumn("target_user_id", "text")
    .addColumn("category", "text")
    .addColumn("until", "text")
    .execute();
  await db.schema.createIndex("moderation_log_comment_idx").on("moderation_log").column("comment_id").execute();
  if (pg) {
    await sql`CREATE FUNCTION moderation_log_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'moderation_log is append-only'; END $$ LANGUAGE plpgsql`.execute(
      db,
    );
    await sql`CREATE TRIGGER moderation_log_no_change BEFORE UPDATE OR DELETE ON moderation_log FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only()`.execute(
      db,
    );
  } else {
    await sql`CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log BEGIN SELECT RAISE(ABORT, 'moderation_log is append-only'); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log BEGIN SELECT RAISE(ABORT, 'moderation_log is append-only'); END`.execute(
      db,
    );
  }
}
