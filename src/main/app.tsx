import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { accountRoutes } from "../modules/accounts/account.routes";
import { accountService } from "../modules/accounts/account.service";
import { readSessionCookie } from "../modules/accounts/session-cookie";
import { apiError } from "../modules/api/api-helpers";
import { apiRoutes } from "../modules/api/api.routes";
import { distributionRoutes } from "../modules/distribution";
import { groupRoutes } from "../modules/groups/group.routes";
import type { AppEnv } from "../modules/http-env";
import { searchRoutes } from "../modules/search/search.routes";
import { errorPage, requireSignIn } from "../modules/site/error-response";
import { siteRoutes } from "../modules/site/site.routes";
import { statementRoutes } from "../modules/statements/statement.routes";
import { keysRoutes } from "../modules/provenance/keys.routes";
import { portabilityRoutes } from "../modules/portability/portability.routes";
import { provenanceRoutes } from "../modules/provenance/provenance.routes";
import { glossaryRoutes } from "../modules/translation/glossary.routes";
import { translationRoutes } from "../modules/translation/translation.routes";
import { federationRoutes } from "../modules/federation/federation.routes";
import { incidentsRoutes } from "../modules/incidents/incidents.routes";
import { discussionRoutes } from "../modules/discussion/discussion.routes";
import { discussionApiRoutes } from "../modules/discussion/discussion.api";
import { mediaRoutes } from "../modules/media/media.routes";
import { statementUploadAllowed } from "../modules/media/media.service";
import { incidentUploadAllowed } from "../modules/incidents/incident-upload";
import { CSRF_FIELD, isCsrfValid } from "../platform/http/csrf";
import { PageCache } from "../platform/http/page-cache";
import { securityHeaders } from "../platform/http/security-headers";
import { baseUrlFor, isOnionRequest, pageCacheKey } from "../platform/http/onion";
import { isUploadRequest, refuseAnonymousUploads, refuseForbiddenUploads, uploadBodyLimit } from "../platform/http/upload-limit";
import { isUiLang } from "../platform/i18n/languages";
import { negotiateLang } from "../platform/i18n/negotiate";
import { translatorFor } from "../platform/i18n/translator";
import { log } from "../platform/log";
import type { AppDeps } from "./deps";

export const MAX_BODY_BYTES = 1024 * 1024;

/** JSON endpoints: the API, the transparency log and ActivityPub answer errors in JSON, not pages (and take no form tokens). */
const isApi = (c: Context) => /^\/(api|log|ap|\.well-known)\//.test(c.req.path);
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Anonymous public pages that may be served from the page cache. */
export const CACHEABLE_PAGE = /^\/(en|ar|ru)\/(|groups|groups\/[a-z0-9-]+|statements\/[0-9a-z]+(\/revisions\/\d+)?)$/;

/** Builds the HTTP application (never listens): middleware, then each module's route table. */
export function buildApp(deps: AppDeps, pageCache = new PageCache(deps.config.pageCacheSeconds * 1000, 2_000)): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const secure = deps.config.secureCookies;

  app.use(securityHeaders({ hsts: secure }));

  // Clearnet pages tell Tor Browser where the same page is on the onion service.
  if (deps.config.onionUrl !== null) {
    const onionUrl = deps.config.onionUrl;
    app.use(async (c, next) => {
      await next();
      if (c.req.method === "GET" && !isOnionRequest(c.req.header("host"), onionUrl)) {
        const url = new URL(c.req.url);
        c.header("Onion-Location", `${onionUrl}${url.pathname}${url.search}`);
      }
    });
  }

  // Who is asking, and in which language. API: bearer tokens only; pages: the session cookie.
  app.use(async (c, next) => {
    // Absolute URLs on the onion address for requests that came through the onion service.
    c.set("baseUrl", baseUrlFor(c.req.header("host"), deps.config));
    c.set("data", { db: deps.db, dialect: deps.dialect, clock: deps.clock, config: deps.config });
    let viewer = null;
    let sessionToken: string | null = null;
    if (isApi(c)) {
      const auth = c.req.header("authorization");
      const bearer = /^bearer\s+(\S+)$/i.exec(auth ?? "");
      if (bearer?.[1]) {
        viewer = await accountService.viewerForApiToken(deps, bearer[1]);
        if (!viewer) {
          return apiError(c as Context<AppEnv>, "ERR_UNAUTHENTICATED");
        }
      }
    } else {
      sessionToken = readSessionCookie(c) ?? null;
      viewer = sessionToken ? await accountService.viewerForSession(deps, sessionToken) : null;
    }
    c.set("viewer", viewer);
    c.set("sessionToken", sessionToken);
    c.set("secureCookies", secure);
    const prefix = c.req.path.split("/")[1] ?? "";
    const lang = isUiLang(prefix)
      ? prefix
      : negotiateLang({ userLocale: viewer?.locale, cookie: getCookie(c, "sada_lang"), acceptLanguage: c.req.header("accept-language") });
    c.set("i18n", translatorFor(lang));
    await next();
  });

  // Uploads need an account: anonymous ones are refused before their body is read (buffered).
  app.use(
    refuseAnonymousUploads<Context<AppEnv>>(
      (c) => c.get("viewer") !== null,
      (c) => (isApi(c) ? apiError(c, "ERR_UNAUTHENTICATED") : requireSignIn(c)),
    ),
  );
  app.use(
    refuseForbiddenUploads<Context<AppEnv>>(
      async (c) => (await statementUploadAllowed(deps, c.get("viewer"), c.req.path)) ?? (await incidentUploadAllowed(deps, c.get("viewer"), c.req.path)),
      (c) => (isApi(c) ? apiError(c, "ERR_FORBIDDEN") : errorPage(c, "ERR_FORBIDDEN")),
    ),
  );

  // 1 MB for every request, except the upload routes (UPLOAD_PATH), which take SADA_UPLOAD_MAX_BYTES.
  const tooLarge = (c: Context) => (isApi(c) ? apiError(c as Context<AppEnv>, "ERR_BODY_TOO_LARGE") : errorPage(c as Context<AppEnv>, "ERR_BODY_TOO_LARGE"));
  const normalBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  const uploadBody = bodyLimit({ maxSize: uploadBodyLimit(deps.config.uploadMaxBytes), onError: tooLarge });
  app.use((c, next) => (isUploadRequest(c.req.method, c.req.path) ? uploadBody : normalBody)(c, next));

  // Every mutating page request carries the form token; the API uses bearer tokens, not cookies.
  app.use(async (c, next) => {
    if (!MUTATING.has(c.req.method) || isApi(c)) {
      return next();
    }
    const type = c.req.header("content-type") ?? "";
    const isForm = type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
    const submitted = isForm ? (await c.req.parseBody())[CSRF_FIELD] : undefined;
    if (!isCsrfValid(c, submitted, deps.config.baseUrl)) {
      return errorPage(c, "ERR_CSRF");
    }
    return next();
  });

  // Writes invalidate the page cache; anonymous reads of public pages are served from it.
  app.use(async (c, next) => {
    if (MUTATING.has(c.req.method)) {
      await next();
      if (c.res.status < 400) {
        pageCache.invalidateAll();
      }
      return;
    }
    const url = new URL(c.req.url);
    if (c.req.method !== "GET" || c.get("viewer") !== null || url.search !== "" || !CACHEABLE_PAGE.test(url.pathname) || deps.config.pageCacheSeconds === 0) {
      return next();
    }
    const key = pageCacheKey(url.pathname, isOnionRequest(c.req.header("host"), deps.config.onionUrl));
    let entry = pageCache.get(key);
    if (!entry) {
      const generation = pageCache.currentGeneration();
      await next();
      if (c.res.status !== 200 || c.res.headers.has("set-cookie")) {
        return;
      }
      entry = pageCache.set(key, await c.res.clone().text(), generation);
    }
    const headers: Record<string, string> = {
      "Content-Type": "text/html; charset=UTF-8",
      ETag: entry.etag,
      Vary: "Accept-Encoding",
      "Cache-Control": "public, max-age=0, must-revalidate",
    };
    if (c.req.header("if-none-match") === entry.etag) {
      c.res = new Response(null, { status: 304, headers });
      return;
    }
    if (/\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
      c.res = new Response(entry.gzip, { status: 200, headers: { ...headers, "Content-Encoding": "gzip" } });
      return;
    }
    c.res = new Response(entry.html, { status: 200, headers });
  });

  siteRoutes(app, deps);
  accountRoutes(app, deps);
  groupRoutes(app, deps);
  statementRoutes(app, deps);
  searchRoutes(app, deps);
  translationRoutes(app, deps);
  glossaryRoutes(app, deps);
  distributionRoutes(app, deps);
  keysRoutes(app, deps);
  // Before the API's routes: /api/v1/statements/:id/signed must not be taken for /statements/:id.
  provenanceRoutes(app, deps);
  portabilityRoutes(app, deps);
  federationRoutes(app, deps);
  incidentsRoutes(app, deps);
  discussionRoutes(app, deps);
  discussionApiRoutes(app, deps);
  mediaRoutes(app, deps);
  apiRoutes(app, deps);

  app.notFound((c) => (isApi(c) ? apiError(c, "ERR_NOT_FOUND") : errorPage(c, "ERR_NOT_FOUND")));

  app.onError((error, c) => {
    log.error("http", "unhandled", { method: c.req.method, path: c.req.path, message: error instanceof Error ? error.message : String(error) });
    return isApi(c) ? apiError(c, "ERR_INTERNAL") : errorPage(c, "ERR_INTERNAL");
  });

  return app;
}
