// Public surface of the search module.
import type { DbContext } from "../database";
import { normalizeForIndex, searchTokens } from "./normalize";
import { matchTokens, searchRepo, type SearchHit, type SearchRefType } from "./search.repo";

export type { SearchHit, SearchRefType };
export { normalizeForIndex, searchTokens };

/** (Re)indexes one document in one language; call inside the write's transaction. */
export async function indexDocument(ctx: DbContext, doc: { refType: SearchRefType; refId: string; lang: string; text: string }): Promise<void> {
  await searchRepo.replace(ctx, { refType: doc.refType, refId: doc.refId, lang: doc.lang, norm: normalizeForIndex(doc.text) });
}

/**
 * Indexes documents known to have no row yet, in bulk: a restore into an empty instance
 * (portability import). `indexDocument` deletes first, and on SQLite that delete scans the
 * FTS table, so indexing 100,000 statements one by one would take quadratic time.
 */
export async function addDocuments(ctx: DbContext, docs: Array<{ refType: SearchRefType; refId: string; lang: string; text: string }>): Promise<void> {
  await searchRepo.insertMany(
    ctx,
    docs.map((d) => ({ refType: d.refType, refId: d.refId, lang: d.lang, norm: normalizeForIndex(d.text) })),
  );
}

export async function removeDocument(ctx: DbContext, refType: SearchRefType, refId: string): Promise<void> {
  await searchRepo.remove(ctx, refType, refId);
}

/** Documents matching every word of the query, best first; one hit per document. */
export async function searchDocuments(ctx: DbContext, query: string, limit = 50): Promise<SearchHit[]> {
  const tokens = [...new Set(searchTokens(query))].slice(0, 12);
  const hits = await matchTokens(ctx, tokens, limit * 3);
  const seen = new Set<string>();
  const out: SearchHit[] = [];
  for (const hit of hits) {
    const key = `${hit.refType}:${hit.refId}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(hit);
    }
  }
  return out.slice(0, limit);
}
