import { autonymOf } from "../../platform/i18n/languages";
import type { Translator } from "../../platform/i18n/translator";
import type { FeedRow, TranslatedText } from "./feed.model";
import { escapeHtml } from "./text";

/**
 * The HTML of a feed entry, in one element with the text's `lang` and `dir`: first notes in
 * the interface language (retraction, translation credits, or "no translation yet"), then the text. Every value is
 * escaped here except `html`, which comes from the Markdown renderer and is safe by design.
 */
export function entryContent(opts: {
  i: Translator;
  row: FeedRow;
  lang: string;
  dir: "ltr" | "rtl";
  html: string;
  contentLang: string;
  translation: (TranslatedText & { outdated: boolean }) | null;
}): string {
  const { i, row, translation } = opts;
  const notes: string[] = [];
  if (row.status === "retracted") {
    notes.push(`<p><strong>${escapeHtml(i.t("statement.retracted_on", { date: i.date(row.updatedAt) }))}</strong></p>`);
    if (row.retractionReason) {
      notes.push(`<blockquote dir="auto">${escapeHtml(row.retractionReason)}</blockquote>`);
    }
  }
  if (translation) {
    const credits = i.t("translation.credits", { translators: translation.translators.join(", ") || "—", reviewers: translation.reviewers.join(", ") || "—" });
    notes.push(`<p>${escapeHtml(i.t("feed.translated_from", { language: autonymOf(row.lang) }))} ${escapeHtml(credits)}</p>`);
    if (translation.outdated) {
      notes.push(`<p>${escapeHtml(i.t("translation.outdated"))}</p>`);
    }
  } else if (row.lang !== opts.contentLang) {
    notes.push(`<p>${escapeHtml(i.t("feed.original_note", { language: autonymOf(opts.contentLang), original: autonymOf(row.lang) }))}</p>`);
  }
  const sameLanguage = i.lang === opts.lang;
  const noteBlock = notes.length === 0 ? "" : sameLanguage ? notes.join("") : `<div lang="${i.lang}" dir="${i.dir}">${notes.join("")}</div>`;
  // A CDATA section ends at "]]>"; the renderer escapes ">", so this only guards against a future change.
  return `<div lang="${escapeHtml(opts.lang)}" dir="${opts.dir}">${noteBlock}${opts.html}</div>`.replaceAll("]]>", "]]&gt;");
}
