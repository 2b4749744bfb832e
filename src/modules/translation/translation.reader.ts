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
