import type { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppDeps } from "../../main/deps";
import { isUiLang } from "../../platform/i18n/languages";
import { negotiateLang } from "../../platform/i18n/negotiate";
import { renderPage } from "../../platform/views/render";
import { groupsByIds, groupsNeedingSupport, profileFor } from "../groups";
import { LANG, type AppEnv } from "../http-env";
import { listStatements } from "../statements";
import { pageCtx } from "./page-ctx";
import { ALL_ASSETS } from "./static-assets";
import { HomePage } from "./views/home-page";

/** Route table of the public shell: language choice, home page, stylesheet. */
export function siteRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get("/", (c) => {
    const lang = negotiateLang({ userLocale: c.get("viewer")?.locale, cookie: getCookie(c, "sada_lang"), acceptLanguage: c.req.header("accept-language") });
    c.header("Vary", "Accept-Language, Cookie");
    return c.redirect(`/${lang}/`, 302);
  });

  // The language switcher: remembers the choice in a cookie, then goes to the page in that language.
  app.get("/lang/:to", (c) => {
    const to = c.req.param("to");
    if (!isUiLang(to)) {
      return c.notFound();
    }
    setCookie(c, "sada_lang", to, { path: "/", sameSite: "Lax", maxAge: 365 * 86_400, secure: deps.config.secureCookies });
    const next = c.req.query("next") ?? "";
    const target = next.startsWith(`/${to}/`) || next === `/${to}` ? next : `/${to}/`;
    return c.redirect(target.startsWith("//") ? `/${to}/` : target, 303);
  });

  for (const asset of ALL_ASSETS) {
    app.get(asset.href, (c) => {
      c.header("Cache-Control", "public, max-age=31536000, immutable");
      return c.body(asset.body, 200, { "Content-Type": asset.type });
    });
  }

  app.get(LANG, (c) => c.redirect(`/${c.req.param("lang")}/`, 301));

  app.get(`${LANG}/`, async (c) => {
    const ctx = pageCtx(c);
    const [statements, needing] = await Promise.all([listStatements(deps, { limit: 20, listedOnly: true }), groupsNeedingSupport(deps, 6)]);
    const groups = await groupsByIds(deps, [...new Set(statements.map((s) => s.groupId))]);
    const groupNames = new Map(groups.map((g) => [g.id, profileFor(g, ctx.i.lang).name]));
    return renderPage(c, 200, <HomePage ctx={ctx} statements={statements} needing={needing} groupNames={groupNames} />);
  });
}
