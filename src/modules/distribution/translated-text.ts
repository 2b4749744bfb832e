import { z } from "zod";
import { renderMarkdown } from "../statements";
import { renderTranslatedMarkdown, type BlockKind, type Markup, type TranslatedSegment } from "../translation/segments";
import { TITLE_BLOCK_KIND } from "../translation/translation.service";
import type { TranslatedText } from "./feed.model";
import type { PublishedTranslationRows } from "../translation";

const BLOCK_KINDS: readonly BlockKind[] = [
  "paragraph",
  "heading1",
  "heading2",
  "heading3",
  "heading4",
  "heading5",
  "heading6",
  "list_item",
  "ordered_item",
  "quote",
];
const blockKind = (value: string): BlockKind => BLOCK_KINDS.find((k) => k === value) ?? "paragraph";

const markupSchema = z.array(z.object({ id: z.number().int(), kind: z.enum(["em", "strong", "link", "br"]), href: z.string().optional() }));

/** A segment's stored markup; most segments have none, so the common case skips parsing. */
function markupOf(json: string): Markup[] {
  if (json === "[]") {
    return [];
  }
  const parsed = markupSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : [];
}

const unique = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => x !== null))].sort();

/**
 * A published translation as readers see it, rendered the way the statement page renders it
 * (`translationForReader`): the title segment, then the body rebuilt from its segments.
 */
export function renderTranslation(rows: PublishedTranslationRows): TranslatedText {
  const title = rows.segments.find((s) => s.blockKind === TITLE_BLOCK_KIND);
  const body: TranslatedSegment[] = rows.segments
    .filter((s) => s.blockKind !== TITLE_BLOCK_KIND)
    .map((s) => ({ block: s.block, blockKind: blockKind(s.blockKind), text: s.text, markup: markupOf(s.markup) }));
  return {
    lang: rows.lang,
    title: (title?.text ?? "").replace(/\{\{/g, "{").replace(/\}\}/g, "}"),
    html: renderMarkdown(renderTranslatedMarkdown(body)),
    publishedAt: rows.publishedAt,
    revision: rows.revision,
    translators: unique(rows.segments.map((s) => s.translator)),
    reviewers: unique(rows.segments.map((s) => s.reviewer)),
  };
}
