import type { Kysely } from "kysely";
import { isPostgres } from "./lib/helpers";

// Incidents and evidence: documented events, their sources, evidence files, graded claims.
// Frozen once merged.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await isPostgres(db);
  const real = pg ? "double precision" : "real";

  await db.schema
    .createTable("incidents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("date_precision", "text", (c) => c.notNull())
    .addColumn("date_start", "text", (c) => c.notNull())
    .addColumn("date_end", "text")
    .addColumn("place_code", "text", (c) => c.notNull())
    .addColumn("latitude", real)
    .addColumn("longitude", real)
    .addColumn("precision_m", "integer")
    .addColumn("coords_public", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("original_lang", "text", (c) => c.notNull())
    .addColumn("group_id", "text", (c) => c.references("groups.id").onDelete("set null"))
    .addColumn("grade", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("incidents_date_idx").on("incidents").column("date_start").execute();
  await db.schema.createIndex("incidents_place_idx").on("incidents").column("place_code").execute();
  await db.schema.createIndex("incidents_type_idx").on("incidents").columns(["type", "date_start"]).execute();
  await db.schema.createIndex("incidents_grade_idx").on("incidents").column("grade").execute();
  await db.schema.createIndex("incidents_group_idx").on("incidents").column("group_id").execute();

  await db.schema
    .createTable("incident_texts")
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("narrative", "text", (c) => c.notNull())
    .addColumn("is_original", "integer", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("incident_texts_pk", ["incident_id", "lang"])
    .execute();

  await db.schema
    .createTable("incident_casualties")
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("subgroup", "text", (c) => c.notNull())
    .addColumn("min", "integer", (c) => c.notNull())
    .addColumn("max", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("incident_casualties_pk", ["incident_id", "category", "subgroup"])
    .execute();

  await db.schema
    .createTable("incident_actors")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("incident_actor_links")
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.notNull().references("incident_actors.id").onDelete("restrict"))
    .addPrimaryKeyConstraint("incident_actor_links_pk", ["incident_id", "actor_id"])
    .execute();
  await db.schema.createIndex("incident_actor_links_actor_idx").on("incident_actor_links").column("actor_id").execute();

  await db.schema
    .createTable("evidence_files")
    .addColumn("sha256", "text", (c) => c.primaryKey())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("incident_sources")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("source_type", "text", (c) => c.notNull())
    .addColumn("independence", "text", (c) => c.notNull())
    .addColumn("statement_id", "text", (c) => c.references("statements.id").onDelete("set null"))
    .addColumn("url", "text")
    .addColumn("archive_sha256", "text", (c) => c.references("evidence_files.sha256").onDelete("restrict"))
    .addColumn("archived_at", "text")
    .addColumn("media_sha256", "text", (c) => c.references("evidence_files.sha256").onDelete("restrict"))
    .addColumn("captured_at", "text")
    .addColumn("device_notes", "text")
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("added_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("incident_sources_incident_idx").on("incident_sources").column("incident_id").execute();
  await db.schema.createIndex("incident_sources_statement_idx").on("incident_sources").column("statement_id").execute();

  await db.schema
    .createTable("incident_grades")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("grade", "text", (c) => c.notNull())
    .addColumn("previous_grade", "text")
    .addColumn("rationale", "text", (c) => c.notNull())
    .addColumn("graded_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    // 1, 2, 3… per incident: the order of grades even within one millisecond; two editors grading at once cannot both be "next".
    .addColumn("seq", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("incident_grades_incident_idx").on("incident_grades").columns(["incident_id", "seq"]).unique().execute();

  await db.schema
    .createTable("incident_statements")
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("statement_id", "text", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("added_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("incident_statements_pk", ["incident_id", "statement_id"])
    .execute();
  await db.schema.createIndex("incident_statements_statement_idx").on("incident_statements").column("statement_id").execute();

  await db.schema
    .createTable("incident_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}
