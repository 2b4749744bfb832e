import type { DbContext } from "../database";
import { renderMarkdown } from "../statements/markdown";
import { renderTranslatedMarkdown, type BlockKind, type Markup } from "./segments";
import { TITLE_BLOCK_KIND } from "./translation.service";
import { publishedTranslation, targetsOf, type TargetSummary } from "./translation.queries";
import { publishedTranslations } from "./published.queries";
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
  const [published, documents] = await Promise.all([
    publishedTranslations(ctx, documentIds, lang),
    ctx.db.selectFrom("translatable_documents").select(["id", "current_revision"]).where("id", "in", documentIds).execute(),
  ]);
  const current = new Map(documents.map((d) => [d.id, d.current_revision]));
  for (const [id, t] of published) {
    const uniq = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => x !== null))].sort();
    const blocks = new Map<number, string[]>();
    let title = "";
    for (const s of t.segments) {
      const text = plainSegment(s.text);
      if (s.blockKind === TITLE_BLOCK_KIND) {
        title = text;
      } else {
        blocks.set(s.block, [...(blocks.get(s.block) ?? []), text]);
      }
    }
    out.set(id, {
      lang,
      title,
      body: [...blocks.values()].map((sentences) => sentences.filter((x) => x !== "").join(" ")).join("\n\n"),
      outdated: t.revision < (current.get(id) ?? t.revision),
      translators: uniq(t.segments.map((s) => s.translator)),
      reviewers: uniq(t.segments.map((s) => s.reviewer)),
      publishedAt: t.publishedAt,
    });
  }
  return out;
}
