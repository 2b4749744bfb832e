import type { DbContext } from "../database";
import { targetState, URGENT_KINDS, type TargetState } from "./translation.model";

export interface Progress {
  total: number;
  approved: number;
  translated: number;
  draft: number;
  rejected: number;
}

const emptyProgress = (): Progress => ({ total: 0, approved: 0, translated: 0, draft: 0, rejected: 0 });

/** A target's state from its progress on the current revision and what was last published. */
function stateOf(p: Progress, publishedRevision: number | null, currentRevision: number): TargetState {
  return targetState({ started: p.approved + p.translated + p.draft + p.rejected, publishedRevision, currentRevision });
}

/** Segment counts by status for the current revision of each statement, per target language. */
export async function progressFor(ctx: DbContext, statementIds: string[]): Promise<Map<string, Progress>> {
  const out = new Map<string, Progress>();
  if (statementIds.length === 0) {
    return out;
  }
  const [totals, statuses] = await Promise.all([
    ctx.db
      .selectFrom("revision_segments")
      .innerJoin("translatable_documents as docs", (j) =>
        j.onRef("docs.id", "=", "revision_segments.statement_id").onRef("docs.current_revision", "=", "revision_segments.revision"),
      )
      .innerJoin("translation_targets", "translation_targets.statement_id", "docs.id")
      .select(["docs.id as statement_id", "translation_targets.lang", (eb) => eb.fn.countAll<number>().as("n")])
      .where("docs.id", "in", statementIds)
      .groupBy(["docs.id", "translation_targets.lang"])
      .execute(),
    ctx.db
      .selectFrom("revision_segments")
      .innerJoin("translatable_documents as docs", (j) =>
        j.onRef("docs.id", "=", "revision_segments.statement_id").onRef("docs.current_revision", "=", "revision_segments.revision"),
      )
      .innerJoin("segment_translations", "segment_translations.segment_id", "revision_segments.segment_id")
      .select(["docs.id as statement_id", "segment_translations.lang", "segment_translations.status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("docs.id", "in", statementIds)
      .groupBy(["docs.id", "segment_translations.lang", "segment_translations.status"])
      .execute(),
  ]);
  for (const t of totals) {
    out.set(`${t.statement_id}:${t.lang}`, { ...emptyProgress(), total: Number(t.n) });
  }
  for (const s of statuses) {
    const p = out.get(`${s.statement_id}:${s.lang}`);
    if (p && (s.status === "approved" || s.status === "translated" || s.status === "draft" || s.status === "rejected")) {
      p[s.status] += Number(s.n);
    }
  }
  return out;
}

export interface QueueItem {
  /** The document's id: a statement's, or an incident's when `document` says so. */
  statementId: string;
  document: "statement" | "incident";
  title: string;
  kind: string;
  sourceLang: string;
  targetLang: string;
  groupSlug: string | null;
  publishedAt: string;
  claimedBy: string | null;
  claimUntil: string | null;
  progress: Progress;
  state: TargetState;
}

/**
 * What needs translating in the given language pairs: appeals and calls to action first, then
 * the longest waiting. Published translations of the current revision are left out.
 */
export async function translationQueue(ctx: DbContext, pairs: Array<{ source: string; target: string }>, now: string, limit = 100): Promise<QueueItem[]> {
  if (pairs.length === 0) {
    return [];
  }
  const rows = await ctx.db
    .selectFrom("translation_targets")
    .innerJoin("translatable_documents as docs", "docs.id", "translation_targets.statement_id")
    .leftJoin("groups", "groups.id", "docs.group_id")
    .leftJoin("users", "users.id", "translation_targets.claimed_by")
    .select([
      "docs.id",
      "docs.document",
      "docs.title",
      "docs.kind",
      "docs.lang",
      "docs.published_at",
      "docs.current_revision",
      "translation_targets.lang as target",
      "translation_targets.published_revision",
      "translation_targets.claim_expires_at",
      "users.handle as claimed_by",
      "groups.slug",
    ])
    .where("docs.status", "=", "published")
    // An incident may have no documenting group; a statement always has one.
    .where((eb) => eb.or([eb("groups.status", "in", ["vouched", "verified"]), eb("docs.group_id", "is", null)]))
    .where((eb) => eb.or(pairs.map((p) => eb.and([eb("docs.lang", "=", p.source), eb("translation_targets.lang", "=", p.target)]))))
    .where((eb) =>
      eb.or([eb("translation_targets.published_revision", "is", null), eb("translation_targets.published_revision", "<", eb.ref("docs.current_revision"))]),
    )
    .orderBy("docs.published_at", "asc")
    .limit(limit * 2)
    .execute();
  const progress = await progressFor(ctx, [...new Set(rows.map((r) => r.id))]);
  const items = rows.map((r): QueueItem => {
    const p = progress.get(`${r.id}:${r.target}`) ?? emptyProgress();
    const claimActive = r.claim_expires_at !== null && r.claim_expires_at > now;
    return {
      statementId: r.id,
      document: r.document,
      title: r.title,
      kind: r.kind,
      sourceLang: r.lang,
      targetLang: r.target,
      groupSlug: r.slug,
      publishedAt: r.published_at,
      claimedBy: claimActive ? (r.claimed_by ?? null) : null,
      claimUntil: claimActive ? r.claim_expires_at : null,
      progress: p,
      state: stateOf(p, r.published_revision, r.current_revision),
    };
  });
  const urgency = (i: QueueItem) => (URGENT_KINDS.includes(i.kind) ? 0 : 1);
  return items.sort((a, b) => urgency(a) - urgency(b) || a.publishedAt.localeCompare(b.publishedAt)).slice(0, limit);
}

export async function translatorPairsOf(ctx: DbContext, userId: string): Promise<Array<{ source: string; target: string }>> {
  const rows = await ctx.db
    .selectFrom("translator_pairs")
    .select(["source_lang", "target_lang"])
    .where("user_id", "=", userId)
    .orderBy("source_lang")
    .orderBy("target_lang")
    .execute();
  return rows.map((r) => ({ source: r.source_lang, target: r.target_lang }));
}

export interface WorkspaceSegment {
  id: string;
  position: number;
  block: number;
  blockKind: string;
  source: string;
  markup: string;
  /** True when this sentence was already in the previous revision (its translation carried over). */
  carriedOver: boolean;
  text: string;
  /** The last approved text, which readers see. */
  approvedText: string | null;
  status: string;
  version: number;
  machine: boolean;
  comment: string | null;
  translator: string | null;
  reviewer: string | null;
  /** When the translation was last saved; null when untranslated. */
  updatedAt: string | null;
}

/** The segments of a statement's current revision with their translation into `lang`. */
export async function workspaceSegments(ctx: DbContext, statementId: string, revision: number, lang: string): Promise<WorkspaceSegment[]> {
  const rows = await ctx.db
    .selectFrom("revision_segments")
    .innerJoin("segments", "segments.id", "revision_segments.segment_id")
    .leftJoin("segment_translations", (j) => j.onRef("segment_translations.segment_id", "=", "segments.id").on("segment_translations.lang", "=", lang))
    .leftJoin("users as t", "t.id", "segment_translations.translator_id")
    .leftJoin("users as r", "r.id", "segment_translations.reviewer_id")
    .select([
      "revision_segments.position",
      "revision_segments.block",
      "revision_segments.block_kind",
      "segments.id",
      "segments.source",
      "segments.markup",
      "segment_translations.text",
      "segment_translations.approved_text",
      "segment_translations.status",
      "segment_translations.version",
      "segment_translations.machine",
      "segment_translations.comment",
      "segment_translations.updated_at",
      "t.handle as translator",
      "r.handle as reviewer",
    ])
    .where("revision_segments.statement_id", "=", statementId)
    .where("revision_segments.revision", "=", revision)
    .orderBy("revision_segments.position")
    .execute();
  const previous =
    revision > 1
      ? new Set(
          (
            await ctx.db
              .selectFrom("revision_segments")
              .select("segment_id")
              .where("statement_id", "=", statementId)
              .where("revision", "=", revision - 1)
              .execute()
          ).map((r) => r.segment_id),
        )
      : new Set<string>();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    block: r.block,
    blockKind: r.block_kind,
    source: r.source,
    markup: r.markup,
    carriedOver: previous.has(r.id),
    text: r.text ?? "",
    approvedText: r.approved_text ?? null,
    status: r.status ?? "untranslated",
    version: r.version ?? 0,
    machine: r.machine === 1,
    comment: r.comment ?? null,
    translator: r.translator ?? null,
    reviewer: r.reviewer ?? null,
    updatedAt: r.updated_at ?? null,
  }));
}

export interface TargetSummary {
  lang: string;
  state: TargetState;
  progress: Progress;
  publishedRevision: number | null;
  publishedAt: string | null;
}

/** Every target language of a statement with its state, for the reader page and the workspace. */
export async function targetsOf(ctx: DbContext, statementId: string): Promise<TargetSummary[]> {
  const [targets, statement] = await Promise.all([
    ctx.db.selectFrom("translation_targets").selectAll().where("statement_id", "=", statementId).orderBy("lang").execute(),
    ctx.db.selectFrom("translatable_documents").select("current_revision").where("id", "=", statementId).executeTakeFirst(),
  ]);
  const progress = await progressFor(ctx, [statementId]);
  return targets.map((t) => {
    const p = progress.get(`${statementId}:${t.lang}`) ?? emptyProgress();
    return {
      lang: t.lang,
      progress: p,
      publishedRevision: t.published_revision,
      publishedAt: t.published_at,
      state: stateOf(p, t.published_revision, statement?.current_revision ?? 0),
    };
  });
}

/** The published translation of a statement in one language, segment by segment, with credits. */
export async function publishedTranslation(
  ctx: DbContext,
  statementId: string,
  lang: string,
): Promise<{ revision: number; publishedAt: string; segments: WorkspaceSegment[]; translators: string[]; reviewers: string[] } | null> {
  const target = await ctx.db.selectFrom("translation_targets").selectAll().where("statement_id", "=", statementId).where("lang", "=", lang).executeTakeFirst();
  if (!target || target.published_revision === null || target.published_at === null) {
    return null;
  }
  const segments = await workspaceSegments(ctx, statementId, target.published_revision, lang);
  const uniq = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => x !== null))].sort();
  return {
    revision: target.published_revision,
    publishedAt: target.published_at,
    segments,
    translators: uniq(segments.map((s) => s.translator)),
    reviewers: uniq(segments.map((s) => s.reviewer)),
  };
}

export interface CoverageRow {
  lang: string;
  waiting: number;
  inProgress: number;
  published: number;
  outdated: number;
  /** Median hours from a statement's publication to its translation's publication. */
  medianHours: number | null;
}

/** Per target language: how much waits, is in progress or published, and how fast it goes. */
export async function coverage(ctx: DbContext): Promise<CoverageRow[]> {
  const targets = await ctx.db
    .selectFrom("translation_targets")
    .innerJoin("translatable_documents as docs", "docs.id", "translation_targets.statement_id")
    .select([
      "translation_targets.statement_id",
      "translation_targets.lang",
      "translation_targets.published_revision",
      "translation_targets.published_at",
      "docs.published_at as statement_published_at",
      "docs.current_revision",
    ])
    .where("docs.status", "=", "published")
    .execute();
  const progress = await progressFor(ctx, [...new Set(targets.map((t) => t.statement_id))]);
  const byLang = new Map<string, CoverageRow & { hours: number[] }>();
  for (const t of targets) {
    const row = byLang.get(t.lang) ?? { lang: t.lang, waiting: 0, inProgress: 0, published: 0, outdated: 0, medianHours: null, hours: [] };
    const p = progress.get(`${t.statement_id}:${t.lang}`) ?? emptyProgress();
    const state = stateOf(p, t.published_revision, t.current_revision);
    if (state === "waiting") {
      row.waiting += 1;
    } else if (state === "in_progress") {
      row.inProgress += 1;
    } else if (state === "published") {
      row.published += 1;
    } else {
      row.outdated += 1;
    }
    if (t.published_at) {
      row.hours.push((Date.parse(t.published_at) - Date.parse(t.statement_published_at)) / 3_600_000);
    }
    byLang.set(t.lang, row);
  }
  return [...byLang.values()]
    .map(({ hours, ...row }) => {
      const sorted = [...hours].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      const median = sorted.length === 0 ? null : sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
      return { ...row, medianHours: median };
    })
    .sort((a, b) => a.lang.localeCompare(b.lang));
}
