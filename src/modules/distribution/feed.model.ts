import { autonymOf, directionOf } from "../../platform/i18n/languages";
import type { Translator } from "../../platform/i18n/translator";
import type { GROUP_KINDS } from "../groups";
import { placeName } from "../places/gazetteer";
import type { STATEMENT_KINDS } from "../statements";
import { entryContent } from "./feed.content";
import { groupUrl, statementUrl } from "./links";
import { htmlExcerpt } from "./text";

/** How many statements a feed lists, newest first. */
export const FEED_SIZE = 50;

export const FEED_FORMATS = ["atom", "rss"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export type StatementKind = (typeof STATEMENT_KINDS)[number];
export type GroupKind = (typeof GROUP_KINDS)[number];

/** Which statements a feed follows. Every scope is limited to listed (vouched or verified) groups. */
export type FeedScope =
  | { type: "all" }
  | { type: "group"; groupId: string; slug: string; name: string }
  | { type: "kind"; kind: StatementKind }
  | { type: "group-kind"; kind: GroupKind }
  | { type: "place"; code: string }
  | { type: "search"; query: string };

/** A statement in a feed, with the text of its current revision. */
export interface FeedRow {
  id: string;
  groupId: string;
  groupSlug: string;
  kind: StatementKind;
  lang: string;
  status: "published" | "retracted";
  publishedAt: string;
  /** When the latest revision (an edit or the retraction) was written. */
  updatedAt: string;
  currentRevision: number;
  title: string;
  body: string;
  retractionReason: string | null;
}

/** A published translation, rendered. */
export interface TranslatedText {
  lang: string;
  title: string;
  /** Safe HTML from the Markdown renderer. */
  html: string;
  publishedAt: string;
  /** The source revision it translates. */
  revision: number;
  translators: string[];
  reviewers: string[];
}

/** One entry, in our words; serializers turn it into Atom or RSS. */
export interface FeedEntry {
  id: string;
  link: string;
  /** The language of the title and text: the feed's language, or the original's. */
  lang: string;
  title: string;
  /** Plain text, for summaries. */
  summary: string;
  /** Safe HTML: notes in the interface language, then the text with its `lang` and `dir`. */
  contentHtml: string;
  authorName: string;
  authorLink: string;
  category: { term: string; label: string };
  published: Date;
  updated: Date;
}

export interface FeedDocument {
  title: string;
  subtitle: string;
  /** Interface language (the URL prefix): titles and notes. */
  uiLang: string;
  /** The language entries are shown in, when a published translation exists. */
  contentLang: string;
  /** The HTML page this feed follows. */
  pageUrl: string;
  urls: Record<FeedFormat, string>;
  /** The newest entry's update; the epoch for an empty feed, so the bytes never depend on the clock. */
  updated: Date;
  entries: FeedEntry[];
}

/** The path of a scope's feed under a language prefix. */
export function feedPath(scope: FeedScope, format: FeedFormat): string {
  switch (scope.type) {
    case "all":
      return `/feed.${format}`;
    case "group":
      return `/groups/${scope.slug}/feed.${format}`;
    case "kind":
      return `/feeds/kind/${scope.kind}.${format}`;
    case "group-kind":
      return `/feeds/group-kind/${scope.kind}.${format}`;
    case "place":
      return `/feeds/place/${scope.code}.${format}`;
    case "search":
      return `/search/feed.${format}?q=${encodeURIComponent(scope.query)}`;
  }
}

/** A feed's absolute URL; `?lang=` only when the content language differs from the interface's. */
export function feedUrl(baseUrl: string, ui: string, scope: FeedScope, format: FeedFormat, contentLang: string): string {
  const path = feedPath(scope, format);
  const lang = contentLang === ui ? "" : `${path.includes("?") ? "&" : "?"}lang=${encodeURIComponent(contentLang)}`;
  return `${baseUrl}/${ui}${path}${lang}`;
}

/** The HTML page a feed follows: the home page, a group, a directory filter or a search. */
export function scopePageUrl(baseUrl: string, ui: string, scope: FeedScope): string {
  switch (scope.type) {
    case "all":
    case "kind":
      return `${baseUrl}/${ui}/`;
    case "group":
      return groupUrl(baseUrl, ui, scope.slug);
    case "group-kind":
      return `${baseUrl}/${ui}/groups?kind=${scope.kind}`;
    case "place":
      return `${baseUrl}/${ui}/groups?place=${encodeURIComponent(scope.code)}`;
    case "search":
      return `${baseUrl}/${ui}/search?q=${encodeURIComponent(scope.query)}`;
  }
}

/** The feed's title in the interface language, naming the content language when it differs. */
export function feedTitle(i: Translator, scope: FeedScope, contentLang: string): string {
  const site = i.t("site.name");
  const title = (() => {
    switch (scope.type) {
      case "all":
        return i.t("feed.title_all", { site });
      case "group":
        return i.t("feed.title_group", { site, group: scope.name });
      case "kind":
        return i.t("feed.title_kind", { site, kind: i.t(`statement_kind.${scope.kind}`) });
      case "group-kind":
        return i.t("feed.title_group_kind", { site, kind: i.t(`group_kind.${scope.kind}`) });
      case "place":
        return i.t("feed.title_place", { site, place: placeName(scope.code, i.lang) });
      case "search":
        return i.t("feed.title_search", { site, query: scope.query });
    }
  })();
  return contentLang === i.lang ? title : i.t("feed.title_in_language", { title, language: autonymOf(contentLang) });
}

/**
 * The revision whose text readers see. A retraction is always the last revision and keeps the
 * previous text, so a translation of the revision before it is not out of date.
 */
export function textRevision(row: Pick<FeedRow, "status" | "currentRevision">): number {
  return row.status === "retracted" ? row.currentRevision - 1 : row.currentRevision;
}

const later = (a: string, b: string | undefined) => (b !== undefined && Date.parse(b) > Date.parse(a) ? b : a);

/**
 * A statement as an entry of a feed in `contentLang`: the published translation when there is
 * one, else the original marked with its own language. Its id and link are the statement's
 * page for readers of that language, so they never change when a translation appears.
 */
export function feedEntry(
  row: FeedRow,
  translation: TranslatedText | undefined,
  opts: { i: Translator; baseUrl: string; contentLang: string; groupName: string; originalHtml: () => string },
): FeedEntry {
  const { i, baseUrl } = opts;
  const shown = row.lang === opts.contentLang ? undefined : translation;
  const lang = shown?.lang ?? row.lang;
  const html = shown?.html ?? opts.originalHtml();
  const url = statementUrl(baseUrl, i.lang, row.id, opts.contentLang);
  const title = shown?.title ?? row.title;
  return {
    id: url,
    link: url,
    lang,
    title: row.status === "retracted" ? i.t("feed.retracted_title", { title }) : title,
    summary: htmlExcerpt(html, 200),
    contentHtml: entryContent({
      i,
      row,
      lang,
      dir: directionOf(lang),
      html,
      contentLang: opts.contentLang,
      translation: shown ? { ...shown, outdated: shown.revision < textRevision(row) } : null,
    }),
    authorName: opts.groupName,
    authorLink: groupUrl(baseUrl, i.lang, row.groupSlug),
    category: { term: row.kind, label: i.t(`statement_kind.${row.kind}`) },
    published: new Date(row.publishedAt),
    updated: new Date(later(row.updatedAt, shown?.publishedAt)),
  };
}

/** The newest update among the entries, or the epoch when there are none. */
export function feedUpdated(entries: FeedEntry[]): Date {
  return new Date(Math.max(0, ...entries.map((e) => e.updated.getTime())));
}
