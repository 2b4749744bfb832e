import type { Db } from "../database";
import type { SegmentTranslationsTable } from "./translation.schema";

/** Writes for segments, targets and segment translations. Only this module touches these tables. */
export const translationRepo = {
  /** Inserts segments that do not exist yet; an unchanged sentence keeps its row (and translations). */
  async ensureSegments(
    db: Db,
    rows: Array<{ id: string; statement_id: string; lang: string; source: string; markup: string; created_at: string }>,
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto("segments")
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    }
  },

  async insertRevisionSegments(
    db: Db,
    rows: Array<{ statement_id: string; revision: number; position: number; segment_id: string; block: number; block_kind: string }>,
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto("revision_segments")
        .values(rows.slice(i, i + 200))
        .execute();
    }
  },

  async ensureTargets(db: Db, statementId: string, langs: string[], addedBy: string | null, at: string): Promise<void> {
    if (langs.length === 0) {
      return;
    }
    await db
      .insertInto("translation_targets")
      .values(
        langs.map((lang) => ({
          statement_id: statementId,
          lang,
          added_by: addedBy,
          created_at: at,
          claimed_by: null,
          claim_expires_at: null,
          published_revision: null,
          published_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(["statement_id", "lang"]).doNothing())
      .execute();
  },

  findTarget: (db: Db, statementId: string, lang: string) =>
    db.selectFrom("translation_targets").selectAll().where("statement_id", "=", statementId).where("lang", "=", lang).executeTakeFirst(),

  setClaim: (db: Db, statementId: string, lang: string, userId: string | null, expiresAt: string | null) =>
    db
      .updateTable("translation_targets")
      .set({ claimed_by: userId, claim_expires_at: expiresAt })
      .where("statement_id", "=", statementId)
      .where("lang", "=", lang)
      .execute(),

  markPublished: (db: Db, statementId: string, lang: string, revision: number, at: string) =>
    db
      .updateTable("translation_targets")
      .set({ published_revision: revision, published_at: at, claimed_by: null, claim_expires_at: null })
      .where("statement_id", "=", statementId)
      .where("lang", "=", lang)
      .execute(),

  findSegmentTranslation: (db: Db, segmentId: string, lang: string) =>
    db.selectFrom("segment_translations").selectAll().where("segment_id", "=", segmentId).where("lang", "=", lang).executeTakeFirst(),

  /** Inserts the first translation of a segment; false when someone else's insert won (nothing written). */
  async insertSegmentTranslation(db: Db, row: SegmentTranslationsTable): Promise<boolean> {
    const r = await db
      .insertInto("segment_translations")
      .values(row)
      .onConflict((oc) => oc.columns(["segment_id", "lang"]).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  /** Writes only if the row is still at `version`: a stale save changes nothing. */
  async updateSegmentTranslationIfVersion(
    db: Db,
    segmentId: string,
    lang: string,
    version: number,
    patch: Partial<SegmentTranslationsTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable("segment_translations")
      .set({ ...patch, version: version + 1 })
      .where("segment_id", "=", segmentId)
      .where("lang", "=", lang)
      .where("version", "=", version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  replaceTranslatorPairs: async (db: Db, userId: string, pairs: Array<{ source: string; target: string }>) => {
    await db.deleteFrom("translator_pairs").where("user_id", "=", userId).execute();
    const unique = [...new Map(pairs.filter((p) => p.source !== p.target).map((p) => [`${p.source}>${p.target}`, p])).values()];
    if (unique.length > 0) {
      await db
        .insertInto("translator_pairs")
        .values(unique.map((p) => ({ user_id: userId, source_lang: p.source, target_lang: p.target })))
        .execute();
    }
  },
};
