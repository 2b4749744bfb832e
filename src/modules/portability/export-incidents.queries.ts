import type { Db } from "../database";
import { redactRevisionSnapshot } from "../incidents/incident-revision.redact";
import { exportedGroupIds, keyset, WIDE_PAGE_SIZE, type ExportRecord } from "./export-directory.queries";
import { EXPORTED_GROUP_STATUSES, int, intOrNull } from "./portability.model";

// Incidents and media in the export (format version 2, docs/data.md). Incidents are public as a
// whole, except coordinates their recorder withheld; media only when what they are attached to
// is exported. Every table is read in primary-key order a page at a time; the keys are
// lower-case ASCII, which every database orders the same way.

const exported = new Set<string>(EXPORTED_GROUP_STATUSES);

/** Ids of statements that are exported: those of public groups. */
export function exportedStatementIds(db: Db) {
  return db.selectFrom("statements").select("statements.id").where("statements.group_id", "in", exportedGroupIds(db));
}

/** Media rows readers can see: attached to an exported statement, or to an incident. */
export function publicMedia(db: Db) {
  return db
    .selectFrom("media")
    .where((eb) =>
      eb.or([
        eb.and([eb("media.owner_kind", "=", "statement"), eb("media.owner_id", "in", exportedStatementIds(db))]),
        eb.and([eb("media.owner_kind", "=", "incident"), eb("media.owner_id", "in", db.selectFrom("incidents").select("incidents.id"))]),
      ]),
    );
}

/**
 * Accounts the incident and media records name, for the `user` records (ids, as one union).
 * Documenters may be at risk: who recorded or corrected an incident, added a source, uploaded
 * evidence, linked a statement or attached a file to an incident is never named (those fields
 * are null in the file, as on the public page). Editors who grade or keep the actors'
 * vocabulary, and translators, are named: that is public.
 */
export function incidentUserIds(db: Db) {
  return db
    .selectFrom("incident_texts")
    .select("incident_texts.author_id as id")
    .where("incident_texts.is_original", "=", 0)
    .union(db.selectFrom("incident_actors").select("incident_actors.created_by as id"))
    .union(db.selectFrom("incident_grades").select("incident_grades.graded_by as id"))
    .union(publicMedia(db).select("media.created_by as id").where("media.owner_kind", "=", "statement"));
}

/** A stored coordinate as the decimal text the file holds (canonical JSON has no fractions). */
const decimal = (n: number | string | null): string | null => (n === null ? null : String(Number(n)));

/**
 * Evidence file metadata, the actors' vocabulary, incidents with everything their page shows, and
 * media, in file order. Withheld coordinates are written as null, in the incident and in every
 * revision snapshot; a documenting group or a cited statement that is not exported is null.
 */
export async function* incidentRecords(db: Db): AsyncGenerator<ExportRecord> {
  for await (const f of keyset((after: { sha256: string } | null, limit: number) => {
    let q = db
      .selectFrom("evidence_files")
      .leftJoin("users", "users.id", "evidence_files.uploaded_by")
      .select(["evidence_files.sha256", "evidence_files.mime", "evidence_files.size", "users.handle as uploaded_by", "evidence_files.created_at"]);
    if (after) {
      q = q.where("evidence_files.sha256", ">", after.sha256);
    }
    return q.orderBy("evidence_files.sha256").limit(limit).execute();
  })) {
    // Who uploaded evidence is a documenter: never named.
    yield ["evidence_file", { ...f, size: int(f.size), uploaded_by: null }];
  }

  for await (const a of keyset((after: { id: string } | null, limit: number) => {
    let q = db
      .selectFrom("incident_actors")
      .leftJoin("users", "users.id", "incident_actors.created_by")
      .select(["incident_actors.id", "incident_actors.name", "users.handle as created_by", "incident_actors.created_at"]);
    if (after) {
      q = q.where("incident_actors.id", ">", after.id);
    }
    return q.orderBy("incident_actors.id").limit(limit).execute();
  })) {
    yield ["incident_actor", { ...a, created_by: a.created_by ?? null }];
  }

  for await (const i of keyset((after: { id: string } | null, limit: number) => {
    let q = db
      .selectFrom("incidents")
      .leftJoin("users", "users.id", "incidents.created_by")
      .leftJoin("groups", "groups.id", "incidents.group_id")
      .selectAll("incidents")
      .select(["users.handle as creator", "groups.status as group_status"]);
    if (after) {
      q = q.where("incidents.id", ">", after.id);
    }
    return q.orderBy("incidents.id").limit(limit).execute();
  })) {
    const open = int(i.coords_public) === 1;
    yield [
      "incident",
      {
        id: i.id,
        incident_type: i.type,
        date_precision: i.date_precision,
        date_start: i.date_start,
        date_end: i.date_end,
        place_code: i.place_code,
        latitude: open ? decimal(i.latitude) : null,
        longitude: open ? decimal(i.longitude) : null,
        precision_m: open ? intOrNull(i.precision_m) : null,
        coords_public: open ? 1 : 0,
        original_lang: i.original_lang,
        group_id: i.group_id !== null && i.group_status !== null && exported.has(i.group_status) ? i.group_id : null,
        grade: i.grade,
        // The recorder is never named: the public sees the documenting group only.
        created_by: null,
        version: int(i.version),
        created_at: i.created_at,
        updated_at: i.updated_at,
      },
    ];
  }

  for await (const t of keyset((after: { incident_id: string; lang: string } | null, limit: number) => {
    let q = db
      .selectFrom("incident_texts")
      .leftJoin("users", "users.id", "incident_texts.author_id")
      .select([
        "incident_texts.incident_id",
        "incident_texts.lang",
        "incident_texts.title",
        "incident_texts.narrative",
        "incident_texts.is_original",
        "users.handle as author",
        "incident_texts.updated_at",
      ]);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("incident_texts.incident_id", "incident_texts.lang"), ">", tuple(after.incident_id, after.lang)));
    }
    return q.orderBy("incident_texts.incident_id").orderBy("incident_texts.lang").limit(limit).execute();
  }, WIDE_PAGE_SIZE)) {
    // The original's author is the recorder (or whoever corrected it): never named. Translators are.
    const original = int(t.is_original) === 1;
    yield ["incident_text", { ...t, is_original: original ? 1 : 0, author: original ? null : (t.author ?? null) }];
  }

  for await (const c of keyset((after: { incident_id: string; category: string; subgroup: string } | null, limit: number) => {
    let q = db.selectFrom("incident_casualties").selectAll();
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) =>
        eb(refTuple("incident_id", "category", "subgroup"), ">", tuple(after.incident_id, after.category, after.subgroup)),
      );
    }
    return q.orderBy("incident_id").orderBy("category").orderBy("subgroup").limit(limit).execute();
  })) {
    yield ["incident_casualty", { ...c, min: int(c.min), max: int(c.max) }];
  }

  for await (const l of keyset((after: { incident_id: string; actor_id: string } | null, limit: number) => {
    let q = db.selectFrom("incident_actor_links").selectAll();
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("incident_id", "actor_id"), ">", tuple(after.incident_id, after.actor_id)));
    }
    return q.orderBy("incident_id").orderBy("actor_id").limit(limit).execute();
  })) {
    yield ["incident_actor_link", { ...l }];
  }

  for await (const s of keyset((after: { id: string } | null, limit: number) => {
    let q = db
      .selectFrom("incident_sources")
      .leftJoin("users", "users.id", "incident_sources.added_by")
      .leftJoin("statements", "statements.id", "incident_sources.statement_id")
      .leftJoin("groups", "groups.id", "statements.group_id")
      .selectAll("incident_sources")
      .select(["users.handle as adder", "groups.status as statement_group_status"]);
    if (after) {
      q = q.where("incident_sources.id", ">", after.id);
    }
    return q.orderBy("incident_sources.id").limit(limit).execute();
  })) {
    const { adder: _adder, statement_group_status, added_by: _added_by, ...rest } = s;
    const statementPublic = statement_group_status !== null && exported.has(statement_group_status);
    yield ["incident_source", { ...rest, statement_id: statementPublic ? rest.statement_id : null, added_by: null }];
  }

  for await (const g of keyset((after: { id: string } | null, limit: number) => {
    let q = db
      .selectFrom("incident_grades")
      .leftJoin("users", "users.id", "incident_grades.graded_by")
      .select([
        "incident_grades.id",
        "incident_grades.incident_id",
        "incident_grades.grade",
        "incident_grades.previous_grade",
        "incident_grades.rationale",
        "users.handle as graded_by",
        "incident_grades.created_at",
        "incident_grades.seq",
        "incident_grades.revision",
      ]);
    if (after) {
      q = q.where("incident_grades.id", ">", after.id);
    }
    return q.orderBy("incident_grades.id").limit(limit).execute();
  })) {
    yield ["incident_grade", { ...g, graded_by: g.graded_by ?? null, seq: int(g.seq), revision: intOrNull(g.revision) }];
  }

  for await (const r of keyset((after: { incident_id: string; revision: number | string } | null, limit: number) => {
    let q = db
      .selectFrom("incident_revisions")
      .innerJoin("incidents", "incidents.id", "incident_revisions.incident_id")
      .leftJoin("users", "users.id", "incident_revisions.changed_by")
      .select([
        "incident_revisions.incident_id",
        "incident_revisions.revision",
        "incident_revisions.snapshot",
        "users.handle as changed_by",
        "incident_revisions.created_at",
        "incidents.coords_public",
      ]);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) =>
        eb(refTuple("incident_revisions.incident_id", "incident_revisions.revision"), ">", tuple(after.incident_id, int(after.revision))),
      );
    }
    return q.orderBy("incident_revisions.incident_id").orderBy("incident_revisions.revision").limit(limit).execute();
  }, WIDE_PAGE_SIZE)) {
    yield [
      "incident_revision",
      {
        incident_id: r.incident_id,
        revision: int(r.revision),
        snapshot: redactRevisionSnapshot(r.snapshot, int(r.coords_public) === 1),
        // Who saved a revision is shown only to those who may edit or grade the incident.
        changed_by: null,
        created_at: r.created_at,
      },
    ];
  }

  for await (const m of keyset((after: { incident_id: string; statement_id: string } | null, limit: number) => {
    let q = db
      .selectFrom("incident_statements")
      .leftJoin("users", "users.id", "incident_statements.added_by")
      .select(["incident_statements.incident_id", "incident_statements.statement_id", "users.handle as added_by", "incident_statements.created_at"])
      .where("incident_statements.statement_id", "in", exportedStatementIds(db));
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) =>
        eb(refTuple("incident_statements.incident_id", "incident_statements.statement_id"), ">", tuple(after.incident_id, after.statement_id)),
      );
    }
    return q.orderBy("incident_statements.incident_id").orderBy("incident_statements.statement_id").limit(limit).execute();
  })) {
    yield ["incident_statement", { ...m, added_by: null }];
  }

  // Kept originals (encrypted, for editors) are private: their key and hash are written as null.
  for await (const m of keyset((after: { id: string } | null, limit: number) => {
    let q = publicMedia(db)
      .leftJoin("users", "users.id", "media.created_by")
      .select([
        "media.id",
        "media.owner_kind",
        "media.owner_id",
        "media.kind",
        "media.public_hash",
        "media.mime",
        "media.filename",
        "media.alt",
        "media.byte_size",
        "media.width",
        "media.height",
        "media.variants",
        "users.handle as created_by",
        "media.created_at",
      ]);
    if (after) {
      q = q.where("media.id", ">", after.id);
    }
    return q.orderBy("media.id").limit(limit).execute();
  })) {
    yield [
      "media",
      {
        ...m,
        byte_size: int(m.byte_size),
        width: intOrNull(m.width),
        height: intOrNull(m.height),
        original_key: null,
        original_sha256: null,
        // Who attached a file to an incident is a documenter: never named.
        created_by: m.owner_kind === "incident" ? null : (m.created_by ?? null),
      },
    ];
  }
}
