import type { PageCtx } from "../../site/page-ctx";
import { FEED_CONTENT_TYPES } from "../serializers/feed.xml";
import { groupKindParam, placeParam } from "../distribution.commands";
import { FEED_FORMATS, feedTitle, feedUrl, type FeedFormat, type FeedScope } from "../feed.model";
import { canonicalUrl } from "../links";
import { statementTranslationAlternates } from "../sitemap.model";
import { htmlExcerpt, truncateText } from "../text";

/** The OpenGraph locale of a language (language_TERRITORY), as link previews expect it. */
const OG_LOCALES: Record<string, string> = {
  en: "en_US",
  ar: "ar_AR",
  ru: "ru_RU",
  fr: "fr_FR",
  de: "de_DE",
  es: "es_ES",
  tr: "tr_TR",
  fa: "fa_IR",
  ckb: "ckb_IQ",
  kmr: "kmr_TR",
  syc: "syc_SY",
};

/**
 * The feed each page advertises in its head, by page: the layout renders the head first, then
 * shows visible links to the same feed ({@link FollowFeedLinks}). Keyed by the page's context,
 * which lives as long as its request.
 */
const advertised = new WeakMap<PageCtx, FeedScope>();

/** Feed autodiscovery: `<link rel="alternate">` to the Atom and RSS feeds of a scope, in the page's language. */
export function FeedLinks(props: { ctx: PageCtx; scope: FeedScope }) {
  const { ctx, scope } = props;
  advertised.set(ctx, scope);
  const title = feedTitle(ctx.i, scope, ctx.i.lang);
  return (
    <>
      {FEED_FORMATS.map((format) => (
        <link
          rel="alternate"
          type={FEED_CONTENT_TYPES[format].split(";")[0]}
          title={format === "atom" ? ctx.i.t("feed.link_atom", { title }) : ctx.i.t("feed.link_rss", { title })}
          href={feedUrl(ctx.baseUrl, ctx.i.lang, scope, format, ctx.i.lang)}
        />
      ))}
    </>
  );
}

/**
 * Link-preview tags (OpenGraph, Twitter card) and the meta description: what other sites and
 * messengers show when someone shares the page. Nothing is fetched from them.
 */
export function PreviewMeta(props: {
  ctx: PageCtx;
  type: "article" | "website";
  title: string;
  /** Plain text; cut to about 200 characters. */
  text: string;
  /** The language the title and text are in. */
  lang: string;
  /** The canonical URL (absolute). */
  url: string;
  publishedAt?: string;
  modifiedAt?: string;
}) {
  const { i } = props.ctx;
  const description = truncateText(props.text, 200);
  return (
    <>
      <meta name="description" content={description} />
      <meta property="og:type" content={props.type} />
      <meta property="og:title" content={props.title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={props.url} />
      <meta property="og:locale" content={OG_LOCALES[props.lang] ?? props.lang} />
      <meta property="og:site_name" content={i.t("site.name")} />
      {props.publishedAt ? <meta property="article:published_time" content={props.publishedAt} /> : null}
      {props.modifiedAt ? <meta property="article:modified_time" content={props.modifiedAt} /> : null}
      <meta name="twitter:card" content="summary" />
    </>
  );
}

/**
 * The head of a statement page: hreflang alternates for its languages beyond the interface
 * languages (the layout lists those), and link-preview tags for the text shown.
 */
export function StatementHead(props: {
  ctx: PageCtx;
  statementId: string;
  /** The original language and every language with a published translation. */
  languages: string[];
  shown: { lang: string; title: string; html: string };
  publishedAt: string;
  updatedAt: string;
}) {
  const { ctx } = props;
  return (
    <>
      {statementTranslationAlternates(ctx.baseUrl, props.statementId, props.languages).map((a) => (
        <link rel="alternate" hreflang={a.hreflang} href={a.href} />
      ))}
      <PreviewMeta
        ctx={ctx}
        type="article"
        title={props.shown.title}
        text={htmlExcerpt(props.shown.html, 200)}
        lang={props.shown.lang}
        url={canonicalUrl(ctx)}
        publishedAt={props.publishedAt}
        modifiedAt={props.updatedAt}
      />
    </>
  );
}

/** The head of a group page: its feeds (only a listed group has them) and link-preview tags for its profile. */
export function GroupHead(props: {
  ctx: PageCtx;
  group: { id: string; slug: string; listed: boolean };
  profile: { lang: string; name: string; description: string };
}) {
  const { ctx, group, profile } = props;
  return (
    <>
      {group.listed ? <FeedLinks ctx={ctx} scope={{ type: "group", groupId: group.id, slug: group.slug, name: profile.name }} /> : null}
      <PreviewMeta ctx={ctx} type="website" title={profile.name} text={profile.description} lang={profile.lang} url={canonicalUrl(ctx)} />
    </>
  );
}

/**
 * Visible links to the feeds the page advertised with {@link FeedLinks} (nothing when it has
 * none): small text for people who follow sites in a feed reader, with the feed's format and
 * language on each link. Rendered by the layout after the page's content.
 */
export function FollowFeedLinks(props: { ctx: PageCtx }) {
  const { ctx } = props;
  const scope = advertised.get(ctx);
  if (!scope) {
    return null;
  }
  const { i } = ctx;
  const title = feedTitle(i, scope, i.lang);
  const link = (format: FeedFormat) => ({
    href: feedUrl(ctx.baseUrl, i.lang, scope, format, i.lang),
    type: FEED_CONTENT_TYPES[format].split(";")[0],
    hreflang: i.lang,
    rel: "alternate",
  });
  return (
    <p class="feed-follow">
      <small>
        {i.t("feed.follow")}{" "}
        <a {...link("rss")} aria-label={i.t("feed.link_rss", { title })}>
          {i.t("feed.follow_rss")}
        </a>
        {" / "}
        <a {...link("atom")} aria-label={i.t("feed.link_atom", { title })}>
          {i.t("feed.follow_atom")}
        </a>
      </small>
    </p>
  );
}

/**
 * The feed that follows a directory listing, from the page's path and query: the directory
 * filtered by place alone, or by group kind alone (the pages `scopePageUrl` names for those
 * feeds). Null for any other page or combination of filters.
 */
export function directoryFeedScope(pathWithQuery: string): FeedScope | null {
  const url = new URL(pathWithQuery, "http://page.invalid");
  if (url.pathname.replace(/\/+$/, "") !== "/groups") {
    return null;
  }
  const filters = DIRECTORY_FILTERS.filter((name) => (url.searchParams.get(name) ?? "") !== "");
  if (filters.length !== 1) {
    return null;
  }
  const place = placeParam.safeParse(url.searchParams.get("place"));
  if (filters[0] === "place" && place.success) {
    return { type: "place", code: place.data };
  }
  const kind = groupKindParam.safeParse(url.searchParams.get("kind"));
  if (filters[0] === "kind" && kind.success) {
    return { type: "group-kind", kind: kind.data };
  }
  return null;
}

/** The directory's filters (groups/group.commands.ts directoryFilter). */
const DIRECTORY_FILTERS = ["kind", "place", "lang", "status"];
