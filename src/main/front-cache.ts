import type { IncomingMessage, ServerResponse } from "node:http";
import type { PageCache } from "../platform/http/page-cache";
import { securityHeaderValues } from "../platform/http/security-headers";
import { CACHEABLE_PAGE } from "./app";
import { isOnionRequest, pageCacheKey } from "../platform/http/onion";

/**
 * Serves anonymous public pages straight from the page cache at the node:http level, before
 * the request reaches the framework: a hit costs about what a static file server pays.
 * Anything else (a session cookie, a query string, a miss) falls through to the app, which
 * renders the page and fills the cache. Returns true when it answered.
 */
export function createFrontCache(pageCache: PageCache, opts: { hsts: boolean; onionUrl: string | null }) {
  const baseHeaders = {
    ...securityHeaderValues(opts),
    "Content-Type": "text/html; charset=UTF-8",
    Vary: "Accept-Encoding",
    "Cache-Control": "public, max-age=0, must-revalidate",
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "";
    if (req.method !== "GET" || url.includes("?") || !CACHEABLE_PAGE.test(url) || /(?:^|;\s*)sada_session=/.test(req.headers.cookie ?? "")) {
      return false;
    }
    const onion = isOnionRequest(req.headers.host, opts.onionUrl);
    const entry = pageCache.get(pageCacheKey(url, onion));
    if (!entry) {
      return false;
    }
    const onionLocation = opts.onionUrl !== null && !onion ? { "Onion-Location": `${opts.onionUrl}${url}` } : {};
    if (req.headers["if-none-match"] === entry.etag) {
      res.writeHead(304, { ...baseHeaders, ...onionLocation, ETag: entry.etag });
      res.end();
      return true;
    }
    const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    const body = gzip ? entry.gzip : entry.html;
    res.writeHead(200, {
      ...baseHeaders,
      ...onionLocation,
      ETag: entry.etag,
      "Content-Length": Buffer.byteLength(body),
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
    });
    res.end(body);
    return true;
  };
}
