/**
 * Plain text and escaping for everything distribution writes outside a JSX view: feed
 * content, embed snippets, meta descriptions. The HTML it reads is our own Markdown
 * renderer's output, which escapes text and emits only a few plain tags.
 */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The text of an HTML fragment: tags dropped, blocks separated by a space, entities decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(html.replace(/<\/?(p|h[1-6]|li|ul|ol|blockquote|br)\b[^>]*>/gi, " ").replace(/<[^>]*>/g, ""))
    .replace(/\s+/g, " ")
    .trim();
}

/** The text of the first paragraph of rendered Markdown, or of the whole fragment if it has none. */
export function firstParagraphText(html: string): string {
  const paragraph = /<p>([\s\S]*?)<\/p>/.exec(html);
  return htmlToText(paragraph?.[1] ?? html);
}

/**
 * At most `max` characters (code points, so no surrogate pair is cut), ending at a word
 * boundary when one is near, with an ellipsis when something was cut.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  // 2·max UTF-16 units hold at least max code points: no need to split the whole text.
  const chars = Array.from(text.slice(0, 2 * max));
  if (chars.length <= max && text.length <= 2 * max) {
    return text;
  }
  const cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${space > cut.length - 30 && space > 0 ? cut.slice(0, space) : cut}…`;
}

/**
 * About `max` characters of plain text from the start of an HTML fragment, reading only as
 * much of it as needed (a feed summary should not cost a pass over a long statement).
 */
export function htmlExcerpt(html: string, max: number): string {
  // A cut tag or entity at the end of the window is dropped rather than shown as text.
  const window =
    html.length > max * 8
      ? html
          .slice(0, max * 8)
          .replace(/<[^>]*$/, "")
          .replace(/&[#a-z0-9]*$/i, "")
      : html;
  return truncateText(htmlToText(window), max);
}
