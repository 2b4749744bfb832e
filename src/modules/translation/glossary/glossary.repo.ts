import type { Db } from "../../database";
import type { GlossaryTermsTable } from "../translation.schema";

/** Writes for glossary entries. Call inside a transaction when several go together. */
export const glossaryRepo = {
  insert: (db: Db, row: GlossaryTermsTable) => db.insertInto("glossary_terms").values(row).execute(),

  findById: (db: Db, id: string) => db.selectFrom("glossary_terms").selectAll().where("id", "=", id).executeTakeFirst(),

  /** The entry that owns a normalised term in a pair: the unique key of the table. */
  findByNorm: (db: Db, sourceLang: string, targetLang: string, termNorm: string) =>
    db
      .selectFrom("glossary_terms")
      .selectAll()
      .where("source_lang", "=", sourceLang)
      .where("target_lang", "=", targetLang)
      .where("term_norm", "=", termNorm)
      .executeTakeFirst(),

  /** Every entry of a pair, unordered (callers sort by the source language's collation). */
  listPair: (db: Db, sourceLang: string, targetLang: string) =>
    db.selectFrom("glossary_terms").selectAll().where("source_lang", "=", sourceLang).where("target_lang", "=", targetLang).execute(),

  async update(db: Db, id: string, patch: Omit<GlossaryTermsTable, "id">): Promise<boolean> {
    const result = await db.updateTable("glossary_terms").set(patch).where("id", "=", id).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async delete(db: Db, id: string): Promise<boolean> {
    const result = await db.deleteFrom("glossary_terms").where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },
};
