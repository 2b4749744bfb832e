import type { Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import { renderPage } from "../../platform/views/render";
import { LANG, type AppEnv } from "../http-env";
import { pageCtx } from "../site/page-ctx";
import { search } from "./search.queries";
import { SearchPage } from "./views/search-page";

/** Route table of the search module. */
export function searchRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get(`${LANG}/search`, async (c) => {
    const query = (c.req.query("q") ?? "").trim().slice(0, 200);
    const results = query ? await search(deps, query) : null;
    return renderPage(c, 200, <SearchPage ctx={pageCtx(c)} query={query} results={results} />);
  });
}
