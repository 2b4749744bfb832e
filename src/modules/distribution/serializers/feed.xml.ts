import { Feed } from "feed";
import type { FeedDocument, FeedFormat } from "../feed.model";
import { escapeHtml } from "../text";

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: "application/atom+xml; charset=utf-8",
  rss: "application/rss+xml; charset=utf-8",
};

const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';

/** The document as a `feed` package object. Titles are declared HTML there, so they are escaped. */
function toFeed(doc: FeedDocument): Feed {
  const feed = new Feed({
    id: doc.urls.atom,
    title: doc.title,
    description: doc.subtitle,
    link: doc.pageUrl,
    language: doc.contentLang,
    updated: doc.updated,
    generator: "Sada",
    feedLinks: { atom: doc.urls.atom, rss: doc.urls.rss },
  });
  for (const e of doc.entries) {
    feed.addItem({
      id: e.id,
      title: escapeHtml(e.title),
      link: e.link,
      date: e.updated,
      published: e.published,
      description: escapeHtml(e.summary),
      content: e.contentHtml,
      author: [{ name: e.authorName, link: e.authorLink }],
      category: [{ name: e.category.label, term: e.category.term }],
      // RSS has no xml:lang on items; Dublin Core's language element says it instead.
      extensions: [{ name: "dc:language", objects: { _text: e.lang } }],
    });
  }
  return feed;
}

/**
 * Adds `xml:lang` to the feed (interface language) and to each entry and its content (the
 * text's language), which the `feed` package cannot express. Safe as plain string edits:
 * every text the package writes is escaped or inside CDATA holding escaped HTML, so these
 * exact tags occur only where the package put them, once per entry (checked).
 */
function withLanguages(xml: string, doc: FeedDocument): string {
  let entries = 0;
  let contents = 0;
  const langOf = (n: number) => escapeHtml(doc.entries[n]?.lang ?? doc.contentLang);
  const out = xml
    .replace(ATOM_ROOT, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${doc.uiLang}">`)
    .replace(/<entry>/g, () => `<entry xml:lang="${langOf(entries++)}">`)
    .replace(/<content type="html">/g, () => `<content type="html" xml:lang="${langOf(contents++)}">`);
  if (entries !== doc.entries.length || contents !== doc.entries.length || !out.includes(`xml:lang="${doc.uiLang}"`)) {
    throw new Error("feed: unexpected Atom output from the feed package");
  }
  return out;
}

/** Atom 1.0 or RSS 2.0 text of a feed document. */
export function serializeFeed(doc: FeedDocument, format: FeedFormat): string {
  const feed = toFeed(doc);
  return format === "atom" ? withLanguages(feed.atom1(), doc) : feed.rss2();
}
