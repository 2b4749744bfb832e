import { escapeHtml, truncateText } from "./text";

/** The longest first paragraph an embed quotes; the link leads to the rest. */
export const EMBED_PARAGRAPH_CHARS = 600;

export interface EmbedInput {
  /** The statement's canonical page, where the link leads. */
  url: string;
  /** The quoted text's language and direction (the translation shown, or the original). */
  lang: string;
  dir: "ltr" | "rtl";
  title: string;
  /** Plain text of the first paragraph. */
  paragraph: string;
  groupName: string;
  publishedAt: string;
  /** The attribution's language and direction (the interface language). */
  ui: { lang: string; dir: "ltr" | "rtl" };
  dateLabel: string;
  readMore: string;
  /** The retraction notice, when the statement was retracted. */
  retracted: string | null;
}

/**
 * The HTML another site pastes to quote a statement: a blockquote in the text's language with
 * an attribution and a link back, inside a figure as the HTML standard asks for attributions.
 * No script, no frame, no style, nothing loaded from here; every value is escaped.
 */
export function embedSnippet(e: EmbedInput): string {
  const url = escapeHtml(e.url);
  const paragraph = truncateText(e.paragraph, EMBED_PARAGRAPH_CHARS);
  const retracted = e.retracted ? `<strong>${escapeHtml(e.retracted)}</strong> · ` : "";
  return [
    `<figure class="sada-embed" lang="${escapeHtml(e.ui.lang)}" dir="${e.ui.dir}">`,
    `<blockquote cite="${url}" lang="${escapeHtml(e.lang)}" dir="${e.dir}">`,
    `<p><strong>${escapeHtml(e.title)}</strong></p>`,
    ...(paragraph ? [`<p>${escapeHtml(paragraph)}</p>`] : []),
    `</blockquote>`,
    `<figcaption>${retracted}— <cite dir="auto">${escapeHtml(e.groupName)}</cite>, <time datetime="${escapeHtml(e.publishedAt)}">${escapeHtml(e.dateLabel)}</time> · <a href="${url}">${escapeHtml(e.readMore)}</a></figcaption>`,
    `</figure>`,
  ].join("\n");
}
