import type { Context, Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import { fieldErrors, readForm } from "../../platform/http/form";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { exhaustiveCheck } from "../../platform/result";
import { renderPage } from "../../platform/views/render";
import { LANG, type AppEnv } from "../http-env";
import { errorPage, requireSignIn } from "../site/error-response";
import { href, pageCtx } from "../site/page-ctx";
import { exportTbx, glossaryPermissions, glossaryService, glossaryTermCommand, importTbx, listGlossary, termsForPair, type GlossaryError } from "./glossary";
import { GlossaryPage } from "./views/glossary-page";

function pairOf(c: Context): { sourceLang: string; targetLang: string } {
  const m = /^([a-z]{2,3})-([a-z]{2,3})$/.exec(c.req.query("pair") ?? "");
  if (m?.[1] && m[2] && m[1] !== m[2] && CONTENT_LANG_CODES.includes(m[1]) && CONTENT_LANG_CODES.includes(m[2])) {
    return { sourceLang: m[1], targetLang: m[2] };
  }
  return { sourceLang: "ar", targetLang: "en" };
}

function glossaryErrorKey(e: GlossaryError): string {
  switch (e.type) {
    case "forbidden":
      return "error.forbidden";
    case "not-found":
      return "error.not_found";
    case "duplicate":
      return "error.glossary_duplicate";
    default:
      return exhaustiveCheck(e);
  }
}

/** Route table of the glossary pages: list a pair, add and remove terms, TBX import and export. */
export function glossaryRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const page = async (
    c: Context<AppEnv>,
    status: 200 | 409 | 422,
    extra: { errors?: Record<string, string>; values?: Record<string, string | string[]>; notice?: string } = {},
  ) => {
    const ctx = pageCtx(c);
    const pair = pairOf(c);
    const terms = await listGlossary(deps, pair);
    return renderPage(c, status, <GlossaryPage ctx={ctx} pair={pair} terms={terms} canEdit={glossaryPermissions.edit(ctx.viewer)} {...extra} />);
  };

  app.get(`${LANG}/glossary`, (c) => {
    const done = c.req.query("done");
    return page(c, 200, { notice: done ? c.get("i18n").t("notice.saved") : undefined });
  });

  app.get(`${LANG}/glossary/export`, async (c) => {
    const pair = pairOf(c);
    const xml = exportTbx(await termsForPair(deps, pair.sourceLang, pair.targetLang), pair.sourceLang, pair.targetLang);
    return c.body(xml, 200, {
      "Content-Type": "application/x-tbx+xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="sada-glossary-${pair.sourceLang}-${pair.targetLang}.tbx"`,
    });
  });

  app.post(`${LANG}/glossary`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const form = await readForm(c);
    const parsed = glossaryTermCommand.safeParse(form);
    if (!parsed.success) {
      return page(c, 422, { errors: fieldErrors(parsed.error), values: form });
    }
    const r = await glossaryService.create(deps, ctx.viewer, parsed.data);
    if (!r.ok) {
      return r.error.type === "forbidden" ? errorPage(c, "ERR_FORBIDDEN") : page(c, 409, { errors: { term: glossaryErrorKey(r.error) }, values: form });
    }
    return c.redirect(href(ctx, `/glossary?pair=${parsed.data.sourceLang}-${parsed.data.targetLang}&done=1`), 303);
  });

  app.post(`${LANG}/glossary/import`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File)) {
      return page(c, 422, { errors: { file: "error.validation" } });
    }
    const pair = pairOf(c);
    const r = await importTbx(deps, ctx.viewer, Buffer.from(await file.arrayBuffer()), pair);
    if (!r.ok) {
      return r.error.type === "forbidden" ? errorPage(c, "ERR_FORBIDDEN") : page(c, 422, { notice: "message" in r.error ? r.error.message : r.error.type });
    }
    return c.redirect(href(ctx, `/glossary?pair=${pair.sourceLang}-${pair.targetLang}&done=1`), 303);
  });

  app.post(`${LANG}/glossary/:id/delete`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const r = await glossaryService.remove(deps, ctx.viewer, c.req.param("id"));
    if (!r.ok) {
      return errorPage(c, r.error.type === "forbidden" ? "ERR_FORBIDDEN" : "ERR_NOT_FOUND");
    }
    return c.redirect(href(ctx, `/glossary?pair=${c.req.query("pair") ?? "ar-en"}&done=1`), 303);
  });
}
