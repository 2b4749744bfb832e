import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { AppDeps } from "../../main/deps";
import { UI_LANGS } from "../../platform/i18n/languages";
import { renderPage } from "../../platform/views/render";
import { profileFor } from "../groups";
import { LANG, type AppEnv } from "../http-env";
import { errorPage } from "../site/error-response";
import { pageCtx } from "../site/page-ctx";
import { httpDate, isNotModified, strongEtag } from "./conditional-get";
import {
  contentLangParam,
  feedFile,
  groupKindParam,
  placeParam,
  searchQueryParam,
  sitemapFile,
  slugParam,
  statementIdParam,
  statementKindParam,
} from "./distribution.commands";
import { readEmbed } from "./embed.reader";
import type { FeedFormat, FeedScope } from "./feed.model";
import { listedGroup } from "./feed.queries";
import { readFeed } from "./feed.reader";
import { FEED_CONTENT_TYPES, serializeFeed } from "./serializers/feed.xml";
import { serializeRobots } from "./serializers/robots.txt";
import { SITEMAP_CONTENT_TYPE } from "./serializers/sitemap.xml";
import { SITEMAP_LIMITS, type SitemapLimits } from "./sitemap.model";
import { sitemapPage, sitemapRoot } from "./sitemap.reader";
import { EmbedPage } from "./views/embed-page";

/** A feed file name in a route: `feed.atom`, or `{name}.atom` / `{name}.rss` under /feeds/. */
const FEED_FILE = ":file{feed\\.(?:atom|rss)}";
const NAMED_FEED_FILE = ":file{[^/]+\\.(?:atom|rss)}";

/**
 * Sends a generated document with a strong ETag (and Last-Modified when the data says when it
 * changed), or 304 when the client's copy is current. Feeds are not kept in the page cache:
 * they answer conditional requests, and a new statement appears in them at once.
 */
function sendDocument(c: Context<AppEnv>, body: string, type: string, lastModified?: Date): Response {
  const etag = strongEtag(body);
  const headers: Record<string, string> = { ETag: etag, "Cache-Control": "public, max-age=0, must-revalidate" };
  if (lastModified) {
    headers["Last-Modified"] = httpDate(lastModified);
  }
  const request = { ifNoneMatch: c.req.header("if-none-match"), ifModifiedSince: lastModified ? c.req.header("if-modified-since") : undefined };
  if (isNotModified(request, { etag, lastModified: lastModified ?? new Date(0) })) {
    return c.body(null, 304, headers);
  }
  return c.body(body, 200, { ...headers, "Content-Type": type });
}

/** Route table of the distribution module: feeds, sitemaps, robots.txt and embeds. */
export function distributionRoutes(app: Hono<AppEnv>, deps: AppDeps, opts: { sitemap?: SitemapLimits } = {}): void {
  const limits = opts.sitemap ?? SITEMAP_LIMITS;

  /** Answers the feed of a scope in the file's format and the content language of `?lang=`. */
  const feed = async (c: Context<AppEnv>, scope: FeedScope, format: FeedFormat) => {
    const lang = contentLangParam.safeParse(c.req.query("lang"));
    if (!lang.success) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    const i = c.get("i18n");
    const { document, lastModified } = await readFeed(deps, { i, baseUrl: c.get("baseUrl"), scope, contentLang: lang.data ?? i.lang });
    return sendDocument(c, serializeFeed(document, format), FEED_CONTENT_TYPES[format], lastModified);
  };

  /** A feed under /feeds/{what}/{name}.{format}, whose name must parse as `param`. */
  const namedFeed = <T,>(what: string, param: z.ZodType<T>, scope: (value: T) => FeedScope) => {
    app.get(`${LANG}/feeds/${what}/${NAMED_FEED_FILE}`, (c) => {
      const file = feedFile.safeParse(c.req.param("file"));
      const value = file.success ? param.safeParse(file.data.name) : null;
      return file.success && value?.success ? feed(c, scope(value.data), file.data.format) : errorPage(c, "ERR_NOT_FOUND");
    });
  };

  app.get(`${LANG}/${FEED_FILE}`, (c) => {
    const file = feedFile.safeParse(c.req.param("file"));
    return file.success ? feed(c, { type: "all" }, file.data.format) : errorPage(c, "ERR_NOT_FOUND");
  });

  app.get(`${LANG}/groups/:slug/${FEED_FILE}`, async (c) => {
    const file = feedFile.safeParse(c.req.param("file"));
    const slug = slugParam.safeParse(c.req.param("slug"));
    const group = file.success && slug.success ? await listedGroup(deps, slug.data) : null;
    if (!file.success || !group) {
      return errorPage(c, "ERR_GROUP_NOT_FOUND");
    }
    const name = profileFor(group, c.get("i18n").lang).name;
    return feed(c, { type: "group", groupId: group.id, slug: group.slug, name }, file.data.format);
  });

  namedFeed("kind", statementKindParam, (kind) => ({ type: "kind", kind }));
  namedFeed("group-kind", groupKindParam, (kind) => ({ type: "group-kind", kind }));
  namedFeed("place", placeParam, (code) => ({ type: "place", code }));

  // An empty or over-long search is a client error (422), not an empty feed: it is never what a subscriber meant.
  app.get(`${LANG}/search/${FEED_FILE}`, (c) => {
    const file = feedFile.safeParse(c.req.param("file"));
    if (!file.success) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    const query = searchQueryParam.safeParse(c.req.query("q") ?? "");
    return query.success ? feed(c, { type: "search", query: query.data }, file.data.format) : errorPage(c, "ERR_VALIDATION");
  });

  app.get("/sitemap.xml", async (c) => sendDocument(c, await sitemapRoot(deps, c.get("baseUrl"), limits), SITEMAP_CONTENT_TYPE));

  app.get("/sitemaps/:file{[^/]+\\.xml}", async (c) => {
    const file = sitemapFile.safeParse(c.req.param("file"));
    const body = file.success ? await sitemapPage(deps, c.get("baseUrl"), file.data.section, file.data.page, limits) : null;
    return body === null ? errorPage(c, "ERR_NOT_FOUND") : sendDocument(c, body, SITEMAP_CONTENT_TYPE);
  });

  app.get("/robots.txt", (c) => c.body(serializeRobots(c.get("baseUrl"), UI_LANGS), 200, { "Content-Type": "text/plain; charset=utf-8" }));

  app.get(`${LANG}/statements/:id/embed`, async (c) => {
    const id = statementIdParam.safeParse(c.req.param("id"));
    const requested = contentLangParam.safeParse(c.req.query("tl"));
    const i = c.get("i18n");
    const embed =
      id.success && requested.success ? await readEmbed(deps, { i, baseUrl: c.get("baseUrl"), statementId: id.data, requested: requested.data ?? null }) : null;
    if (!embed) {
      return errorPage(c, "ERR_STATEMENT_NOT_FOUND");
    }
    return renderPage(c, 200, <EmbedPage ctx={pageCtx(c)} statementLink={embed.link} title={embed.title} snippet={embed.snippet} />);
  });
}
