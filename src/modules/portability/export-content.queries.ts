import type { Db } from "../database";
import { approvedTranslations, exportedGroupIds, hiddenStatementIds, keyset, WIDE_PAGE_SIZE, type ExportRecord } from "./export-directory.queries";
import { fileRecords, type FileAccess } from "./export-files";
import { incidentRecords } from "./export-incidents.queries";
import { int, intOrNull } from "./portability.model";

/**
 * Statements with every revision and signature, translations in their public state, and the
 * transparency log, in file order. Each table is read in primary-key order, a page at a time.
 * Ids here are lower-case ASCII and numbers, so every database orders them the same way.
 */
export async function* contentRecords(db: Db, files: FileAccess): AsyncGenerator<ExportRecord> {
  const hidden = hiddenStatementIds(db);

  for await (const s of keyset((after: { id: string } | null, limit: number) => {
    let q = db
      .selectFrom("statements")
      .leftJoin("users", "users.id", "statements.created_by")
      .select([
        "statements.id",
        "statements.group_id",
        "statements.kind",
        "statements.lang",
        "statements.status",
        "statements.current_revision",
        "statements.current_hash",
        "statements.title",
        "users.handle as created_by",
        "statements.published_at",
        "statements.updated_at",
      ])
      .where("statements.group_id", "in", exportedGroupIds(db));
    if (after) {
      q = q.where("statements.id", ">", after.id);
    }
    return q.orderBy("statements.id").limit(limit).execute();
  })) {
    yield ["statement", { ...s, created_by: s.created_by ?? null, current_revision: int(s.current_revision) }];
  }

  for await (const r of keyset((after: { statement_id: string; number: number } | null, limit: number) => {
    let q = db
      .selectFrom("statement_revisions")
      .leftJoin("users", "users.id", "statement_revisions.author_id")
      .select([
        "statement_revisions.statement_id",
        "statement_revisions.number",
        "statement_revisions.kind",
        "statement_revisions.lang",
        "statement_revisions.title",
        "statement_revisions.body",
        "statement_revisions.retraction_reason",
        "statement_revisions.prev_hash",
        "statement_revisions.hash",
        "statement_revisions.canonical",
        "users.handle as author",
        "statement_revisions.created_at",
      ])
      .where("statement_revisions.statement_id", "not in", hidden);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) =>
        eb(refTuple("statement_revisions.statement_id", "statement_revisions.number"), ">", tuple(after.statement_id, after.number)),
      );
    }
    return q.orderBy("statement_revisions.statement_id").orderBy("statement_revisions.number").limit(limit).execute();
  }, WIDE_PAGE_SIZE)) {
    yield ["statement_revision", { ...r, author: r.author ?? null, number: int(r.number) }];
  }

  for await (const r of keyset((after: { statement_id: string; number: number } | null, limit: number) => {
    let q = db.selectFrom("revision_signatures").selectAll().where("statement_id", "not in", hidden);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("statement_id", "number"), ">", tuple(after.statement_id, after.number)));
    }
    return q.orderBy("statement_id").orderBy("number").limit(limit).execute();
  })) {
    yield ["revision_signature", { ...r, number: int(r.number) }];
  }

  // Incidents, media and file bytes, before the translation tables, which may name incidents.
  yield* incidentRecords(db);
  yield* fileRecords(db, files);

  // Claims (who is working on what, until when) are private: only the public facts of a target.
  for await (const t of keyset((after: { statement_id: string; lang: string } | null, limit: number) => {
    let q = db
      .selectFrom("translation_targets")
      .leftJoin("users", "users.id", "translation_targets.added_by")
      .leftJoin("incidents", "incidents.id", "translation_targets.statement_id")
      .select([
        "translation_targets.statement_id",
        "translation_targets.lang",
        "users.handle as added_by",
        "incidents.id as incident_id",
        "translation_targets.created_at",
        "translation_targets.published_revision",
        "translation_targets.published_at",
      ])
      .where("translation_targets.statement_id", "not in", hidden);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) =>
        eb(refTuple("translation_targets.statement_id", "translation_targets.lang"), ">", tuple(after.statement_id, after.lang)),
      );
    }
    return q.orderBy("translation_targets.statement_id").orderBy("translation_targets.lang").limit(limit).execute();
  })) {
    // An incident's targets are added by its recorder, who is never named.
    const { incident_id, ...target } = t;
    yield [
      "translation_target",
      { ...target, added_by: incident_id === null ? (t.added_by ?? null) : null, published_revision: intOrNull(t.published_revision) },
    ];
  }

  for await (const s of keyset((after: { id: string } | null, limit: number) => {
    let q = db.selectFrom("segments").selectAll().where("statement_id", "not in", hidden);
    if (after) {
      q = q.where("id", ">", after.id);
    }
    return q.orderBy("id").limit(limit).execute();
  })) {
    yield ["segment", { ...s }];
  }

  for await (const r of keyset((after: { statement_id: string; revision: number; position: number } | null, limit: number) => {
    let q = db.selectFrom("revision_segments").selectAll().where("statement_id", "not in", hidden);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) =>
        eb(refTuple("statement_id", "revision", "position"), ">", tuple(after.statement_id, after.revision, after.position)),
      );
    }
    return q.orderBy("statement_id").orderBy("revision").orderBy("position").limit(limit).execute();
  })) {
    yield ["revision_segment", { ...r, revision: int(r.revision), position: int(r.position), block: int(r.block) }];
  }

  // Only what readers see: the approved text, with its translator and reviewer. Drafts, review
  // comments and machine flags stay private; segments never approved are left out.
  for await (const t of keyset((after: { segment_id: string; lang: string } | null, limit: number) => {
    let q = approvedTranslations(db)
      .leftJoin("users as translator", "translator.id", "segment_translations.translator_id")
      .leftJoin("users as reviewer", "reviewer.id", "segment_translations.reviewer_id")
      .select([
        "segment_translations.segment_id",
        "segment_translations.lang",
        "segment_translations.approved_text",
        "segment_translations.version",
        "translator.handle as translator",
        "reviewer.handle as reviewer",
        "segment_translations.updated_at",
      ]);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) =>
        eb(refTuple("segment_translations.segment_id", "segment_translations.lang"), ">", tuple(after.segment_id, after.lang)),
      );
    }
    return q.orderBy("segment_translations.segment_id").orderBy("segment_translations.lang").limit(limit).execute();
  })) {
    yield [
      "segment_translation",
      {
        segment_id: t.segment_id,
        lang: t.lang,
        text: t.approved_text ?? "",
        status: "approved",
        version: int(t.version),
        translator: t.translator ?? null,
        reviewer: t.reviewer ?? null,
        updated_at: t.updated_at,
      },
    ];
  }

  for await (const p of keyset((after: { statement_id: string; lang: string; number: number } | null, limit: number) => {
    let q = db.selectFrom("translation_publications").selectAll().where("statement_id", "not in", hidden);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("statement_id", "lang", "number"), ">", tuple(after.statement_id, after.lang, after.number)));
    }
    return q.orderBy("statement_id").orderBy("lang").orderBy("number").limit(limit).execute();
  }, WIDE_PAGE_SIZE)) {
    yield ["translation_publication", { ...p, number: int(p.number), source_revision: int(p.source_revision) }];
  }

  // The log is public as a whole (GET /log/v1/entries): every entry, whoever it is about.
  for await (const e of keyset((after: { idx: number | string } | null, limit: number) => {
    let q = db.selectFrom("log_entries").select(["idx", "entry", "leaf_hash", "subject", "created_at"]);
    if (after) {
      q = q.where("idx", ">", int(after.idx));
    }
    return q.orderBy("idx").limit(limit).execute();
  })) {
    yield ["log_entry", { ...e, idx: int(e.idx) }];
  }

  for await (const c of keyset((after: { size: number | string } | null, limit: number) => {
    let q = db.selectFrom("log_checkpoints").selectAll();
    if (after) {
      q = q.where("size", ">", int(after.size));
    }
    return q.orderBy("size").limit(limit).execute();
  })) {
    yield ["log_checkpoint", { ...c, size: int(c.size) }];
  }
}
