import MarkdownIt from "markdown-it";

/**
 * The Markdown subset statements are written in: paragraphs, headings, lists, links,
 * emphasis and quotes. Raw HTML is shown as text; only http(s) and mailto links work;
 * images, tables and code blocks are not part of the subset.
 */
const md = new MarkdownIt("zero", { html: false, linkify: false, typographer: false, breaks: false });
md.enable(["heading", "lheading", "list", "blockquote", "paragraph", "link", "emphasis", "newline", "escape", "entity"]);

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet("rel", "nofollow noopener noreferrer");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Safe HTML for a statement body. */
export function renderMarkdown(body: string): string {
  return md.render(body);
}

/** Plain text of a body, for search and previews. */
export function markdownToText(body: string): string {
  return body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#>*_`]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
