import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ERRORS, type ErrorCode } from "../../platform/errors";
import { translatorFor } from "../../platform/i18n/translator";
import { renderPage } from "../../platform/views/render";
import type { AppEnv } from "../http-env";
import { pageCtx } from "./page-ctx";
import { ErrorPage } from "./views/error-page";

/** An HTML error page for a catalogued error, in the reader's language. */
export async function errorPage(c: Context<AppEnv>, code: ErrorCode): Promise<Response> {
  const { status, key } = ERRORS[code];
  if (!c.get("i18n")) {
    c.set("i18n", translatorFor("en"));
  }
  try {
    return await renderPage(c, status as ContentfulStatusCode, <ErrorPage ctx={pageCtx(c)} status={status} messageKey={key} />);
  } catch {
    // The error page itself failed (a broken catalog, say): answer in plain text rather than not at all.
    return c.text(translatorFor("en").t(key), status as ContentfulStatusCode);
  }
}

/** Sends the reader to sign in, coming back here afterwards. */
export function requireSignIn(c: Context<AppEnv>): Response {
  const lang = c.get("i18n").lang;
  const url = new URL(c.req.url);
  return c.redirect(`/${lang}/signin?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
}
