import { sql } from "kysely";
import type { DbContext } from "../database";

export type SearchRefType = "statement" | "group";

/**
 * Writes to the search index. Called inside the caller's transaction, so the index never
 * disagrees with the rows it describes.
 */
export const searchRepo = {
  async replace(ctx: DbContext, doc: { refType: SearchRefType; refId: string; lang: string; norm: string }): Promise<void> {
    await searchRepo.remove(ctx, doc.refType, doc.refId, doc.lang);
    await ctx.db.insertInto("search_docs").values({ ref_type: doc.refType, ref_id: doc.refId, lang: doc.lang, norm: doc.norm }).execute();
  },

  /** Adds documents that have no row yet, many per statement; no delete first (see `addDocuments`). */
  async insertMany(ctx: DbContext, docs: Array<{ refType: SearchRefType; refId: string; lang: string; norm: string }>): Promise<void> {
    for (let i = 0; i < docs.length; i += 500) {
      await ctx.db
        .insertInto("search_docs")
        .values(docs.slice(i, i + 500).map((d) => ({ ref_type: d.refType, ref_id: d.refId, lang: d.lang, norm: d.norm })))
        .execute();
    }
  },

  async remove(ctx: DbContext, refType: SearchRefType, refId: string, lang?: string): Promise<void> {
    let q = ctx.db.deleteFrom("search_docs").where("ref_type", "=", refType).where("ref_id", "=", refId);
    if (lang !== undefined) {
      q = q.where("lang", "=", lang);
    }
    await q.execute();
  },
};

export interface SearchHit {
  refType: SearchRefType;
  refId: string;
  lang: string;
}

/** Matches every token (as a prefix), best first: FTS5 bm25 on SQLite, ts_rank on PostgreSQL. */
export async function matchTokens(ctx: DbContext, tokens: string[], limit: number): Promise<SearchHit[]> {
  if (tokens.length === 0) {
    return [];
  }
  if (ctx.dialect === "postgres") {
    const query = tokens.map((t) => `${t}:*`).join(" & ");
    const result = await sql<{ ref_type: SearchRefType; ref_id: string; lang: string }>`
      SELECT ref_type, ref_id, lang FROM search_docs
      WHERE to_tsvector('simple', norm) @@ to_tsquery('simple', ${query})
      ORDER BY ts_rank(to_tsvector('simple', norm), to_tsquery('simple', ${query})) DESC, ref_id
      LIMIT ${limit}`.execute(ctx.db);
    return result.rows.map((r) => ({ refType: r.ref_type, refId: r.ref_id, lang: r.lang }));
  }
  const query = tokens.map((t) => `"${t.replace(/"/g, "")}"*`).join(" ");
  const result = await sql<{ ref_type: SearchRefType; ref_id: string; lang: string }>`
    SELECT ref_type, ref_id, lang FROM search_docs WHERE search_docs MATCH ${query} ORDER BY rank LIMIT ${limit}`.execute(ctx.db);
  return result.rows.map((r) => ({ refType: r.ref_type, refId: r.ref_id, lang: r.lang }));
}
