import type { DbContext } from "../../database";
import { normalizeTerm, sortTerms, termFromRow, type GlossaryTerm } from "./glossary.model";
import { glossaryRepo } from "./glossary.repo";

/**
 * All terms of a language pair, in the source language's alphabetical order. This is what the
 * translation editor loads once per segment list to highlight terms, and what TBX export writes.
 */
export async function termsForPair(ctx: DbContext, sourceLang: string, targetLang: string): Promise<GlossaryTerm[]> {
  const rows = await glossaryRepo.listPair(ctx.db, sourceLang, targetLang);
  return sortTerms(rows.map(termFromRow), sourceLang);
}

/**
 * The glossary page of a pair: sorted by term, optionally narrowed to terms or renderings that
 * contain `query` (compared folded, so harakat and case do not matter).
 */
export async function listGlossary(ctx: DbContext, pair: { sourceLang: string; targetLang: string; query?: string }): Promise<GlossaryTerm[]> {
  const terms = await termsForPair(ctx, pair.sourceLang, pair.targetLang);
  const q = pair.query === undefined ? "" : normalizeTerm(pair.query, pair.sourceLang);
  if (q === "") {
    return terms;
  }
  const qTarget = normalizeTerm(pair.query ?? "", pair.targetLang);
  return terms.filter(
    (t) => normalizeTerm(t.term, t.sourceLang).includes(q) || [...t.preferred, ...t.forbidden].some((r) => normalizeTerm(r, t.targetLang).includes(qTarget)),
  );
}

/** One entry, for its edit form; null when it does not exist. */
export async function getGlossaryTerm(ctx: DbContext, id: string): Promise<GlossaryTerm | null> {
  const row = await glossaryRepo.findById(ctx.db, id);
  return row ? termFromRow(row) : null;
}
