import MarkdownIt from "markdown-it";

/**
 * The Markdown subset of comments: paragraphs, emphasis, lists, quotes and links. Raw HTML is
 * shown as text, images are not part of it, only http(s) links work (bare addresses too), and
 * every link carries rel="nofollow ugc noopener" so comments lend no ranking and no opener.
 */
const md = new MarkdownIt("zero", { html: false, linkify: true, typographer: false, breaks: true });
md.enable(["list", "blockquote", "paragraph", "link", "linkify", "emphasis", "newline", "escape", "entity"]);

const SAFE_LINK = /^https?:\/\//i;
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet("rel", "nofollow ugc noopener");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Safe HTML for a comment body. */
export function renderCommentMarkdown(body: string): string {
  return md.render(body);
}

/** Plain text of a comment, for machine translation: Markdown marks and link targets dropped. */
export function commentPlainText(body: string): string {
  return body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`>#]/g, " ")
    .replace(/[ \t]+/g, " ")
    .trim();
}
