import { sql, type Kysely } from "kysely";
import { isPostgres } from "./lib/helpers";

// The foundation schema: accounts, groups directory, statements with revisions, search.
// Frozen once merged: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("handle", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("locale", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();

  await db.schema
    .createTable("groups")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("default_lang", "text", (c) => c.notNull())
    .addColumn("contact", "text", (c) => c.notNull())
    .addColumn("proposed_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("groups_status_idx").on("groups").columns(["status", "kind"]).execute();

  await db.schema
    .createTable("group_profiles")
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("group_profiles_pk", ["group_id", "lang"])
    .execute();

  await db.schema
    .createTable("group_places")
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("place_code", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("group_places_pk", ["group_id", "place_code"])
    .execute();
  await db.schema.createIndex("group_places_place_idx").on("group_places").column("place_code").execute();

  await db.schema
    .createTable("group_languages")
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("group_languages_pk", ["group_id", "lang"])
    .execute();

  await db.schema
    .createTable("group_support_channels")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("instructions", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("group_support_group_idx").on("group_support_channels").column("group_id").execute();

  await db.schema
    .createTable("group_needs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("item", "text", (c) => c.notNull())
    .addColumn("priority", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("group_needs_group_idx").on("group_needs").column("group_id").execute();

  await db.schema
    .createTable("group_vouches")
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("group_vouches_pk", ["group_id", "user_id"])
    .execute();

  await db.schema
    .createTable("group_status_changes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("actor_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("group_status_changes_group_idx").on("group_status_changes").column("group_id").execute();

  await db.schema
    .createTable("group_members")
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("invited_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("invited_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .addPrimaryKeyConstraint("group_members_pk", ["group_id", "user_id"])
    .execute();
  await db.schema.createIndex("group_members_user_idx").on("group_members").column("user_id").execute();

  await db.schema
    .createTable("statements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("current_revision", "integer", (c) => c.notNull())
    .addColumn("current_hash", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("statements_group_idx").on("statements").columns(["group_id", "published_at"]).execute();
  await db.schema.createIndex("statements_published_idx").on("statements").column("published_at").execute();

  await db.schema
    .createTable("statement_revisions")
    .addColumn("statement_id", "text", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("retraction_reason", "text")
    .addColumn("prev_hash", "text")
    .addColumn("hash", "text", (c) => c.notNull().unique())
    .addColumn("canonical", "text", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("statement_revisions_pk", ["statement_id", "number"])
    .execute();

  // Search documents hold text already normalised and stemmed by the application, so the
  // database only has to match plain tokens: FTS5 on SQLite, a GIN tsvector index on PostgreSQL.
  if (await isPostgres(db)) {
    await db.schema
      .createTable("search_docs")
      .addColumn("ref_type", "text", (c) => c.notNull())
      .addColumn("ref_id", "text", (c) => c.notNull())
      .addColumn("lang", "text", (c) => c.notNull())
      .addColumn("norm", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("search_docs_pk", ["ref_type", "ref_id", "lang"])
      .execute();
    await sql`CREATE INDEX search_docs_fts_idx ON search_docs USING GIN (to_tsvector('simple', norm))`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE search_docs USING fts5(ref_type UNINDEXED, ref_id UNINDEXED, lang UNINDEXED, norm, tokenize = 'unicode61 remove_diacritics 0')`.execute(
      db,
    );
  }
}
