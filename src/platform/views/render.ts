import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Sends a server-rendered page with its doctype. Async components (that load their own data) are awaited. */
export async function renderPage(c: Context, status: ContentfulStatusCode, page: JSX.Element): Promise<Response> {
  const html = String(await (await page).toString());
  return c.html("<!doctype html>" + html, status);
}
