import { sql, type Kysely } from "kysely";
import { isPostgres } from "./lib/helpers";

// Incident revisions, and incident texts in the translation workflow. Frozen once merged.
//
// 1. Every save of an incident keeps a snapshot of its facts and original text
//    (`incident_revisions`), and a grade records the revision it was given on, so a page can
//    say when the facts changed after grading.
// 2. The translation tables (`segments`, `revision_segments`, `translation_targets`) keyed
//    their document by a foreign key to `statements`. Incidents are translated through the same
//    workflow, so that key now names a *translatable document*: a statement or an incident, as
//    the view `translatable_documents` says. The column keeps its name, `statement_id`.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await isPostgres(db);

  await db.schema
    .createTable("incident_revisions")
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("revision", "integer", (c) => c.notNull())
    /** Canonical JSON of the facts, actors, casualties and original title and narrative. */
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("changed_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("incident_revisions_pk", ["incident_id", "revision"])
    .execute();
  await db.schema.alterTable("incident_grades").addColumn("revision", "integer").execute();

  if (pg) {
    // Drop the foreign keys from the translation tables to statements, whatever they are named.
    const fks = await sql<{ table: string; name: string }>`
      select c.conrelid::regclass::text as "table", c.conname as name
      from pg_constraint c
      where c.contype = 'f' and c.confrelid = 'statements'::regclass
        and c.conrelid::regclass::text in ('segments', 'revision_segments', 'translation_targets')`.execute(db);
    for (const fk of fks.rows) {
      await sql`alter table ${sql.table(fk.table)} drop constraint ${sql.ref(fk.name)}`.execute(db);
    }
  } else {
    await rebuildSqliteTranslationTables(db);
  }

  await sql`
    create view translatable_documents as
      select s.id, 'statement' as document, s.kind, s.lang, s.title, s.current_revision, s.status,
             s.group_id, s.published_at
      from statements s
      union all
      select i.id, 'incident' as document, i.type as kind, i.original_lang as lang, t.title,
             i.version as current_revision, 'published' as status, i.group_id, i.created_at as published_at
      from incidents i
      join incident_texts t on t.incident_id = i.id and t.is_original = 1`.execute(db);
}

/**
 * SQLite cannot drop a foreign key, so the four tables are rebuilt inside the migration's
 * transaction. Foreign keys stay on: new tables are filled while the old ones still exist, the
 * old children go before the old parent (so nothing cascades), and renaming the new parent
 * rewrites its children's references to the final name.
 */
async function rebuildSqliteTranslationTables(db: Kysely<any>): Promise<void> {
  await sql`create table segments_new (
    id text primary key,
    statement_id text not null,
    lang text not null,
    source text not null,
    markup text not null,
    created_at text not null)`.execute(db);
  await sql`insert into segments_new (id, statement_id, lang, source, markup, created_at)
    select id, statement_id, lang, source, markup, created_at from segments`.execute(db);

  await sql`create table revision_segments_new (
    statement_id text not null,
    revision integer not null,
    position integer not null,
    segment_id text not null references segments_new (id) on delete cascade,
    block integer not null,
    block_kind text not null,
    constraint revision_segments_pk primary key (statement_id, revision, position))`.execute(db);
  await sql`insert into revision_segments_new (statement_id, revision, position, segment_id, block, block_kind)
    select statement_id, revision, position, segment_id, block, block_kind from revision_segments`.execute(db);

  await sql`create table segment_translations_new (
    segment_id text not null references segments_new (id) on delete cascade,
    lang text not null,
    text text not null,
    status text not null,
    approved_text text,
    version integer not null,
    machine integer default 0 not null,
    translator_id text references users (id) on delete set null,
    reviewer_id text references users (id) on delete set null,
    comment text,
    updated_at text not null,
    constraint segment_translations_pk primary key (segment_id, lang))`.execute(db);
  await sql`insert into segment_translations_new (segment_id, lang, text, status, approved_text, version, machine, translator_id, reviewer_id, comment, updated_at)
    select segment_id, lang, text, status, approved_text, version, machine, translator_id, reviewer_id, comment, updated_at
    from segment_translations`.execute(db);

  await sql`create table translation_targets_new (
    statement_id text not null,
    lang text not null,
    added_by text references users (id) on delete set null,
    created_at text not null,
    claimed_by text references users (id) on delete set null,
    claim_expires_at text,
    published_revision integer,
    published_at text,
    constraint translation_targets_pk primary key (statement_id, lang))`.execute(db);
  await sql`insert into translation_targets_new (statement_id, lang, added_by, created_at, claimed_by, claim_expires_at, published_revision, published_at)
    select statement_id, lang, added_by, created_at, claimed_by, claim_expires_at, published_revision, published_at
    from translation_targets`.execute(db);

  await sql`drop table revision_segments`.execute(db);
  await sql`drop table segment_translations`.execute(db);
  await sql`drop table translation_targets`.execute(db);
  await sql`drop table segments`.execute(db);
  await sql`alter table segments_new rename to segments`.execute(db);
  await sql`alter table revision_segments_new rename to revision_segments`.execute(db);
  await sql`alter table segment_translations_new rename to segment_translations`.execute(db);
  await sql`alter table translation_targets_new rename to translation_targets`.execute(db);
  await db.schema.createIndex("segments_statement_idx").on("segments").column("statement_id").execute();
}
