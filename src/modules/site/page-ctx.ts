import type { Context } from "hono";
import type { Clock } from "../../platform/clock";
import type { Config } from "../../platform/config";
import { ensureCsrfToken } from "../../platform/http/csrf";
import type { Translator } from "../../platform/i18n/translator";
import type { Viewer } from "../accounts/account.model";
import type { AppEnv } from "../http-env";
import type { DbContext } from "../database";

/**
 * What page sections that read their own data receive: the database, and the clock and settings
 * that decide what they show (the edit window of a comment, the upload limit…).
 */
export interface PageData extends DbContext {
  clock: Clock;
  config: Config;
}

/** What every page template receives: the reader's language, who they are, the form token. */
export interface PageCtx {
  i: Translator;
  viewer: Viewer | null;
  csrf: string;
  /** The path without its language prefix, for the language switcher. */
  path: string;
  /** The instance's public URL, for absolute links (canonical, alternates, feeds). */
  baseUrl: string;
  /**
   * The database, for sections one module renders into another's page (async components that
   * read their own data, e.g. the incidents that cite a statement). Absent on early error pages.
   */
  data?: PageData;
}

export function pageCtx(c: Context<AppEnv>): PageCtx {
  const url = new URL(c.req.url);
  const rest = url.pathname.replace(/^\/(en|ar|ru)(?=\/|$)/, "");
  let csrf: string | undefined;
  return {
    i: c.get("i18n"),
    viewer: c.get("viewer"),
    // Only pages that render a form set the CSRF cookie, so cached public pages set none.
    get csrf() {
      csrf ??= ensureCsrfToken(c, c.get("secureCookies"));
      return csrf;
    },
    path: (rest || "/") + url.search,
    // Set by the first middleware; an error page raised before it falls back to the request's origin.
    baseUrl: c.get("baseUrl") ?? url.origin,
    data: c.get("data"),
  };
}

/** A link inside the reader's language: href(ctx, "/groups") → "/ar/groups". */
export function href(ctx: PageCtx, path: string): string {
  return `/${ctx.i.lang}${path}`;
}
