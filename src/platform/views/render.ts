import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Sends a server-rendered page with its doctype. */
export async function renderPage(c: Context, status: ContentfulStatusCode, page: JSX.Element): Promise<Response> {
  const html = String(await page);
  return c.html("<!doctype html>" + html, status);
}
