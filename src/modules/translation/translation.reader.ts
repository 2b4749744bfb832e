import type { DbContext } from "../database";
import { renderMarkdown } from "../statements/markdown";
import { renderTranslatedMarkdown, type BlockKind, type Markup } from "./segments";
import { TITLE_BLOCK_KIND } from "./translation.service";
import { publishedTranslation, targetsOf, type TargetSummary } from "./translation.queries";
import type { ShownTranslation } from "./views/translation-panel";

export interface ReaderTranslation {
  targets: TargetSummary[];
  /** The translation shown instead of (or beside) the original, if one is published. */
  shown: ShownTranslation | null;
  /** The reader's language when its translation is still being made. */
  inProgressFor: string | null;
}

/**
 * Picks the translation a reader sees: the language asked for (?tl=), else the reader's
 * interface language when its translation is published; renders it from its segments.
 */
export async function translationForReader(ctx: DbContext, statementId: string, requested: string | null, uiLang: string): Promise<ReaderTranslation> {
  const targets = await targetsOf(ctx, statementId);
  const wanted = requested ?? uiLang;
  const target = targets.find((t) => t.lang === wanted);
  if (!target || target.publishedRevision === null) {
    return { targets, shown: null, inProgressFor: target && requested === null ? target.lang : null };
  }
  const published = await publishedTranslation(ctx, statementId, target.lang);
  if (!published) {
    return { targets, shown: null, inProgressFor: null };
  }
  const titleSegment = published.segments.find((s) => s.blockKind === TITLE_BLOCK_KIND);
  const segments = published.segments
    .filter((s) => s.blockKind !== TITLE_BLOCK_KIND)
    .map((s) => ({ block: s.block, blockKind: s.blockKind as BlockKind, text: s.approvedText ?? s.text, markup: JSON.parse(s.markup) as Markup[] }));
  return {
    targets,
    shown: {
      lang: target.lang,
      html: renderMarkdown(renderTranslatedMarkdown(segments)),
      title: (titleSegment?.approvedText ?? titleSegment?.text ?? "").replace(/\{\{/g, "{").replace(/\}\}/g, "}"),
      translators: published.translators,
      reviewers: published.reviewers,
      outdated: target.state === "outdated",
      publishedAt: published.publishedAt,
    },
    inProgressFor: null,
  };
}

/** A published translation as plain text: what incident pages and lists show. */
export interface PlainTranslation {
  lang: string;
  title: string;
  /** Paragraphs separated by a blank line; inline markup dropped. */
  body: string;
  /** Published for an earlier revision than the document's current one. */
  outdated: boolean;
  translators: string[];
  reviewers: string[];
  publishedAt: string;
}

/** Segment text without placeholders, braces unescaped. */
function plainSegment(text: string): string {
  return text
    .replace(/\{\/?\d+\/?\}/g, "")
    .replace(/\{\{/g, "{")
    .replace(/\}\}/g, "}")
    .trim();
}

/**
 * The published translations into `lang` of several documents at once (for lists), as plain
 * text: sentences of a block joined by a space, blocks by a blank line.
 */
export async function publishedPlainTranslations(ctx: DbContext, documentIds: string[], lang: string): Promise<Map<string, PlainTranslation>> {
  const out = new Map<string, PlainTranslation>();
  if (documentIds.length === 0) {
    return out;
  }
  const rows = await ctx.db
    .selectFrom("translation_targets as tt")
    .innerJoin("translatable_documents as docs", "docs.id", "tt.statement_id")
    .innerJoin("revision_segments as rs", (j) => j.onRef("rs.statement_id", "=", "tt.statement_id").onRef("rs.revision", "=", "tt.published_revision"))
    .innerJoin("segment_translations as st", (j) => j.onRef("st.segment_id", "=", "rs.segment_id").onRef("st.lang", "=", "tt.lang"))
    .leftJoin("users as t", "t.id", "st.translator_id")
    .leftJoin("users as r", "r.id", "st.reviewer_id")
    .select([
      "tt.statement_id",
      "tt.published_revision",
      "tt.published_at",
      "docs.current_revision",
      "rs.position",
      "rs.block",
      "rs.block_kind",
      "st.approved_text",
      "t.handle as translator",
      "r.handle as reviewer",
    ])
    .where("tt.statement_id", "in", documentIds)
    // Also on the view itself, so the filter reaches its tables' keys instead of a whole scan.
    .where("docs.id", "in", documentIds)
    .where("tt.lang", "=", lang)
    .where("tt.published_revision", "is not", null)
    .orderBy("tt.statement_id")
    .orderBy("rs.position")
    .execute();
  const blocks = new Map<string, Map<number, string[]>>();
  for (const r of rows) {
    const entry =
      out.get(r.statement_id) ??
      ({
        lang,
        title: "",
        body: "",
        outdated: (r.published_revision ?? 0) < r.current_revision,
        translators: [],
        reviewers: [],
        publishedAt: r.published_at ?? "",
      } satisfies PlainTranslation);
    out.set(r.statement_id, entry);
    const text = plainSegment(r.approved_text ?? "");
    if (r.block_kind === TITLE_BLOCK_KIND) {
      entry.title = text;
    } else {
      const mine = blocks.get(r.statement_id) ?? new Map<number, string[]>();
      blocks.set(r.statement_id, mine);
      mine.set(r.block, [...(mine.get(r.block) ?? []), text]);
    }
    for (const [list, who] of [
      [entry.translators, r.translator],
      [entry.reviewers, r.reviewer],
    ] as const) {
      if (who && !list.includes(who)) {
        list.push(who);
        list.sort();
      }
    }
  }
  for (const [id, entry] of out) {
    entry.body = [...(blocks.get(id)?.values() ?? [])].map((sentences) => sentences.filter((s) => s !== "").join(" ")).join("\n\n");
  }
  return out;
}
