import type { Translator } from "../../platform/i18n/translator";
import type { DbContext } from "../database";
import { profileFor } from "../groups";
import { renderMarkdown } from "../statements";
import { FEED_FORMATS, FEED_SIZE, feedEntry, feedTitle, feedUpdated, feedUrl, scopePageUrl, type FeedDocument, type FeedScope } from "./feed.model";
import { feedRows, groupNames, lastGroupChange, type GroupNames } from "./feed.queries";
import { renderTranslation } from "./translated-text";
import { publishedTranslations } from "../translation";

/** The author of an entry: the group's name in the feed's language, else the interface's, else its own. */
function authorName(names: GroupNames | undefined, contentLang: string, uiLang: string): string | null {
  if (!names) {
    return null;
  }
  return names.profiles.find((p) => p.lang === contentLang)?.name ?? profileFor(names, uiLang).name;
}

/**
 * Reads and assembles a feed in four queries whatever its length: statements, their
 * translations into the feed's language, group names, and the last change to any group.
 * `lastModified` also moves when a group changes, since that can change or empty a feed.
 */
export async function readFeed(
  ctx: DbContext,
  opts: { i: Translator; baseUrl: string; scope: FeedScope; contentLang: string; limit?: number },
): Promise<{ document: FeedDocument; lastModified: Date }> {
  const { i, baseUrl, scope, contentLang } = opts;
  const rows = await feedRows(ctx, scope, opts.limit ?? FEED_SIZE);
  const toTranslate = rows.filter((r) => r.lang !== contentLang).map((r) => r.id);
  const [translations, names, groupChange] = await Promise.all([
    publishedTranslations(ctx, toTranslate, contentLang),
    groupNames(ctx, [...new Set(rows.map((r) => r.groupId))]),
    lastGroupChange(ctx),
  ]);
  const entries = rows.map((row) => {
    const published = translations.get(row.id);
    return feedEntry(row, published ? renderTranslation(published) : undefined, {
      i,
      baseUrl,
      contentLang,
      groupName: authorName(names.get(row.groupId), contentLang, i.lang) ?? row.groupSlug,
      originalHtml: () => renderMarkdown(row.body),
    });
  });
  const updated = feedUpdated(entries);
  const document: FeedDocument = {
    title: feedTitle(i, scope, contentLang),
    subtitle: i.t("feed.subtitle"),
    uiLang: i.lang,
    contentLang,
    pageUrl: scopePageUrl(baseUrl, i.lang, scope),
    urls: { atom: feedUrl(baseUrl, i.lang, scope, FEED_FORMATS[0], contentLang), rss: feedUrl(baseUrl, i.lang, scope, FEED_FORMATS[1], contentLang) },
    updated,
    entries,
  };
  const groupTime = groupChange === null ? 0 : Date.parse(groupChange);
  return { document, lastModified: new Date(Math.max(updated.getTime(), groupTime)) };
}
