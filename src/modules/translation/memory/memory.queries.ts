import type { DbContext } from "../../database";
import { exactCandidates, postgresCandidates, sqliteCandidates, type CandidateRow } from "./candidates.queries";
import { normalizeForTm, similarityAtLeast, wordDiff, type TmMatch, type TmOrigin } from "./memory.model";

/** Texts shorter than this (after normalisation) have no trigram to search by: exact matches only. */
const MIN_FUZZY_LENGTH = 3;

export interface FindMatchesInput {
  sourceLang: string;
  targetLang: string;
  text: string;
  context?: string | null;
  limit?: number;
  minScore?: number;
}

/**
 * Suggestions from the memory for one segment, best first: in-context exact matches, then by
 * match percentage, then newest. Candidates come from the trigram index (FTS5 on SQLite,
 * pg_trgm on PostgreSQL), never from a scan, and are reranked by edit distance, which is the
 * percentage translators expect. Texts under three characters only get exact matches.
 */
export async function findMatches(ctx: DbContext, input: FindMatchesInput): Promise<TmMatch[]> {
  const limit = input.limit ?? 5;
  const minScore = input.minScore ?? 50;
  const norm = normalizeForTm(input.text, input.sourceLang);
  if (norm.length === 0 || limit <= 0) {
    return [];
  }
  const short = Array.from(norm).length < MIN_FUZZY_LENGTH;
  const rows = short
    ? await exactCandidates(ctx, input, norm)
    : ctx.dialect === "postgres"
      ? await postgresCandidates(ctx, input, norm)
      : await sqliteCandidates(ctx, input, norm);
  const scored: Array<{ row: CandidateRow; score: number; inContext: boolean }> = [];
  // Only the best `limit` are returned: once that many are found, a candidate must reach the
  // lowest of them (ties still count, they are ordered by date), which keeps distances cheap.
  const best: number[] = [];
  for (const row of rows) {
    const floor = best.length >= limit ? Math.max(minScore, best[best.length - 1] ?? minScore) : minScore;
    const score = similarityAtLeast(norm, row.source_norm, floor);
    if (score !== null) {
      const inContext = score === 100 && input.context != null && row.context === input.context;
      scored.push({ row, score, inContext });
      best.push(score);
      best.sort((a, b) => b - a);
      best.length = Math.min(best.length, limit);
    }
  }
  scored.sort(
    (a, b) =>
      Number(b.inContext) - Number(a.inContext) || b.score - a.score || b.row.created_at.localeCompare(a.row.created_at) || Number(b.row.id) - Number(a.row.id),
  );
  return scored.slice(0, limit).map(({ row, score, inContext }) => ({
    id: Number(row.id),
    source: row.source,
    target: row.target,
    score,
    inContext,
    diff: wordDiff(row.source, input.text),
    origin: row.origin === "tmx-import" ? "tmx-import" : ("approved" satisfies TmOrigin),
    statementId: row.statement_id,
    translator: row.translator,
    createdAt: row.created_at,
  }));
}
