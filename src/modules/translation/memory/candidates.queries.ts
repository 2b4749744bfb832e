import { sourceKey } from "./memory.model";
import { sql } from "kysely";
import type { DbContext } from "../../database";

// Candidate retrieval for fuzzy matching: a few dozen stored units likely to be similar to the
// query, found through the trigram index. Reranking by edit distance happens in memory.queries.

/** How many index hits are reranked by edit distance. */
export const CANDIDATES = 60;
/** Below this many units, an OR of all the query's trigrams is cheap enough and finds the most. */
const SMALL_MEMORY = 20_000;
/** A trigram in at most this share of units is selective enough to search for on its own. */
const RARE_SHARE = 1 / 1000;
/**
 * Groups per look-up: each adds posting lists to read. Measured on 1,000,000 generated units
 * (bench/tm.bench.ts): 6 groups × 5,000 ids p95 46 ms; 4 × 400 p95 24 ms; 3 × 300 p95 20 ms,
 * with the hit rate 97% → 96%.
 */
const MAX_GROUPS = 3;
/** Groups one word may take part in. */
const MAX_USES = 2;
/** Document frequencies looked up per query when not cached; the rest count as common. */
const MAX_LOOKUPS = 48;
/** Ids read per group at most, so one unexpectedly common group cannot make a look-up slow (see MAX_GROUPS). */
const MAX_GROUP_HITS = 300;
/** Ranked ids read per round trip; most look-ups need one (was CANDIDATES × 4: p50 −1.5 ms). */
const FETCH_BATCH = 90;
const STATS_TTL_MS = 60_000;
const MAX_CACHED_TERMS = 200_000;

export interface CandidateRow {
  id: number | string;
  source: string;
  target: string;
  source_norm: string;
  context: string | null;
  origin: string;
  statement_id: string | null;
  translator: string | null;
  created_at: string;
}

interface TermStats {
  size: number;
  sizeAt: number;
  df: Map<string, number>;
  vocab: boolean;
}

// Per database handle: trigram document frequencies change slowly, so a process-wide cache is
// a good enough guide for choosing selective trigrams; it affects speed, never correctness.
const statsByDb = new WeakMap<object, TermStats>();

/** The distinct trigrams (by code point) of a normalised text, in order of first appearance. */
export function trigramsOf(norm: string): string[] {
  const chars = Array.from(norm);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) {
    out.add(chars.slice(i, i + 3).join(""));
  }
  return [...out];
}

function phrase(t: string): string {
  return `"${t.replace(/"/g, '""')}"`;
}

interface WordTerm {
  term: string;
  df: number;
  position: number;
}

/**
 * For each word of the query, its most selective trigram (the spaces around the word count, so
 * a two-letter word or a number has trigrams too). Trigrams of one word occur together, so one
 * per word is all the information the index has about it.
 */
export function wordTerms(norm: string, df: (trigram: string) => number): WordTerm[] {
  const out: WordTerm[] = [];
  const words = norm.split(" ");
  words.forEach((word, position) => {
    let best: WordTerm | null = null;
    // The spaces around a word are part of its trigrams, but the text has none at its ends.
    const inText = `${position > 0 ? " " : ""}${word}${position < words.length - 1 ? " " : ""}`;
    for (const t of trigramsOf(inText)) {
      const d = df(t);
      // A trigram the index does not have (like "d. " at the end of the text) finds nothing.
      if (d > 0 && (!best || d < best.df)) {
        best = { term: t, df: d, position };
      }
    }
    if (best) {
      out.push(best);
    }
  });
  return out;
}

/**
 * FTS5 queries that read little of the index yet find near-duplicates. Each group is a rare
 * word's trigram alone, or the trigrams of two or three words far apart in the sentence that
 * must occur together (words that each appear everywhere rarely appear together by chance).
 * A near-duplicate keeps most groups, so counting the groups a unit matches ranks it high; an
 * edit that destroys some groups leaves the others. Estimates assume independent words, which holds well enough
 * for words that are not neighbours.
 */
export function selectiveGroups(words: readonly WordTerm[], size: number): string[] {
  const rare = Math.max(1, size * RARE_SHARE);
  const byDf = [...words].sort((a, b) => a.df - b.df);
  const groups: string[] = [];
  const seen = new Set<string>();
  const add = (terms: WordTerm[]) => {
    const key = terms
      .map((t) => t.term)
      .sort()
      .join("\u0000");
    if (!seen.has(key)) {
      seen.add(key);
      groups.push(terms.length === 1 ? phrase(terms[0]?.term ?? "") : `(${terms.map((t) => phrase(t.term)).join(" AND ")})`);
    }
  };
  // No word is in more than two groups: if that word is the one edited, most groups survive.
  const uses = new Map<WordTerm, number>();
  const use = (terms: WordTerm[]) => terms.forEach((t) => uses.set(t, (uses.get(t) ?? 0) + 1));
  for (const w of byDf) {
    if (groups.length >= MAX_GROUPS) {
      break;
    }
    if ((uses.get(w) ?? 0) >= MAX_USES) {
      continue;
    }
    if (w.df <= rare) {
      add([w]);
      use([w]);
      continue;
    }
    const group = [w];
    let estimate = w.df;
    for (const other of byDf) {
      if (estimate <= rare) {
        break;
      }
      if ((uses.get(other) ?? 0) < MAX_USES && group.every((g) => Math.abs(g.position - other.position) >= 2 && g.term !== other.term)) {
        group.push(other);
        estimate = (estimate * other.df) / Math.max(size, 1);
      }
    }
    if (estimate <= rare * 4 || groups.length === 0) {
      add(group);
      use(group);
    }
  }
  return groups;
}

async function statsFor(ctx: DbContext): Promise<TermStats> {
  let stats = statsByDb.get(ctx.db);
  const now = Date.now();
  if (!stats || now - stats.sizeAt > STATS_TTL_MS) {
    // The largest id is an index lookup and close enough to the unit count.
    const r = await sql<{ n: number | null }>`SELECT max(id) AS n FROM tm_units`.execute(ctx.db);
    const size = Number(r.rows[0]?.n ?? 0);
    stats = { size, sizeAt: now, df: stats && size < stats.size * 1.5 ? stats.df : new Map(), vocab: stats?.vocab ?? false };
    statsByDb.set(ctx.db, stats);
  }
  return stats;
}

async function documentFrequencies(ctx: DbContext, stats: TermStats, trigrams: string[]): Promise<(trigram: string) => number> {
  if (!stats.vocab) {
    // A per-connection view of the FTS5 index's terms: nothing is stored in the database file.
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.tm_fts_terms USING fts5vocab(main, tm_fts, row)`.execute(ctx.db);
    stats.vocab = true;
  }
  const missing = trigrams.filter((t) => !stats.df.has(t)).slice(0, MAX_LOOKUPS);
  if (missing.length > 0) {
    const r = await sql<{ term: string; doc: number }>`SELECT term, doc FROM temp.tm_fts_terms WHERE term IN (${sql.join(missing)})`.execute(ctx.db);
    if (stats.df.size > MAX_CACHED_TERMS) {
      stats.df.clear();
    }
    for (const t of missing) {
      stats.df.set(t, 0);
    }
    for (const row of r.rows) {
      stats.df.set(row.term, Number(row.doc));
    }
  }
  return (t) => stats.df.get(t) ?? stats.size;
}

/**
 * SQLite: FTS5 with the trigram tokenizer. Small memories search by an OR of all trigrams; large
 * ones by selective groups chosen with document frequencies from the index's own vocabulary.
 */
export async function sqliteCandidates(ctx: DbContext, pair: { sourceLang: string; targetLang: string }, norm: string): Promise<CandidateRow[]> {
  const trigrams = trigramsOf(norm);
  if (trigrams.length === 0) {
    return [];
  }
  const stats = await statsFor(ctx);
  if (stats.size <= SMALL_MEMORY || trigrams.length <= 2) {
    const result = await sql<CandidateRow>`
      SELECT u.id, u.source, u.target, u.source_norm, u.context, u.origin, u.statement_id, u.translator, u.created_at
      FROM (SELECT rowid AS rid, rank FROM tm_fts WHERE tm_fts MATCH ${trigrams.map(phrase).join(" OR ")} ORDER BY rank LIMIT ${CANDIDATES * 4}) AS f
      JOIN tm_units AS u ON u.id = f.rid
      WHERE u.source_lang = ${pair.sourceLang} AND u.target_lang = ${pair.targetLang}
      ORDER BY f.rank
      LIMIT ${CANDIDATES}`.execute(ctx.db);
    return result.rows;
  }
  // bm25 over a union of thousands of rows costs more than reading the rows' ids: each group's
  // ids are read on their own and units are ranked by how many groups they match.
  const df = await documentFrequencies(ctx, stats, trigramsOf(` ${norm} `));
  const hits = new Map<number, number>();
  for (const group of selectiveGroups(wordTerms(norm, df), stats.size)) {
    const r = await sql<{ rid: number }>`SELECT rowid AS rid FROM tm_fts WHERE tm_fts MATCH ${group} LIMIT ${MAX_GROUP_HITS}`.execute(ctx.db);
    for (const { rid } of r.rows) {
      hits.set(rid, (hits.get(rid) ?? 0) + 1);
    }
  }
  const ranked = [...hits.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0]).map(([id]) => id);
  // Units are read in rank order, a batch at a time, until enough of them are in the language
  // pair (the index holds every pair): reading a few more rows than needed beats a second trip.
  const out: CandidateRow[] = [];
  for (let from = 0; from < ranked.length && out.length < CANDIDATES; from += FETCH_BATCH) {
    const ids = ranked.slice(from, from + FETCH_BATCH);
    const order = new Map(ids.map((id, i) => [id, i]));
    const rows = await ctx.db
      .selectFrom("tm_units")
      .select(["id", "source", "target", "source_norm", "context", "origin", "statement_id", "translator", "created_at"])
      .where("id", "in", ids)
      .where("source_lang", "=", pair.sourceLang)
      .where("target_lang", "=", pair.targetLang)
      .execute();
    out.push(...rows.sort((a, b) => (order.get(Number(a.id)) ?? 0) - (order.get(Number(b.id)) ?? 0)));
  }
  return out.slice(0, CANDIDATES);
}

/**
 * PostgreSQL: nearest neighbours by trigram distance (`<->`) from pg_trgm's GiST index, so the
 * index returns the closest units directly instead of every unit above a similarity threshold.
 * Measured on 200,000 generated units: p95 234 ms and 100% hit rate, against 440 ms and 94%
 * for the GIN index with `%` (threshold 0.5). Still far from the 20 ms target.
 */
export async function postgresCandidates(ctx: DbContext, pair: { sourceLang: string; targetLang: string }, norm: string): Promise<CandidateRow[]> {
  const result = await sql<CandidateRow>`
    SELECT id, source, target, source_norm, context, origin, statement_id, translator, created_at
    FROM tm_units
    WHERE source_lang = ${pair.sourceLang} AND target_lang = ${pair.targetLang}
    ORDER BY source_norm <-> ${norm}
    LIMIT ${CANDIDATES}`.execute(ctx.db);
  return result.rows;
}

/**
 * Exact matches of a normalised text, for texts too short to have trigrams. Only the hashed key
 * is in the WHERE clause: given `source_norm = …` too, PostgreSQL may pick the trigram index
 * (pg_trgm answers equality) and scan most of it for a two-letter text (measured: 166 ms).
 */
export async function exactCandidates(ctx: DbContext, pair: { sourceLang: string; targetLang: string }, norm: string): Promise<CandidateRow[]> {
  const rows = await ctx.db
    .selectFrom("tm_units")
    .select(["id", "source", "target", "source_norm", "context", "origin", "statement_id", "translator", "created_at"])
    .where("source_key", "=", sourceKey(pair.sourceLang, pair.targetLang, norm))
    .limit(CANDIDATES * 2)
    .execute();
  return rows.filter((r) => r.source_norm === norm).slice(0, CANDIDATES);
}
