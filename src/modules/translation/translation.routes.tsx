import type { Context, Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import { ERRORS, type ErrorCode } from "../../platform/errors";
import { fieldErrors, readForm } from "../../platform/http/form";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { translatorFor } from "../../platform/i18n/translator";
import { exhaustiveCheck } from "../../platform/result";
import { renderPage } from "../../platform/views/render";
import type { Viewer } from "../accounts/account.model";
import { groupPermissions, membershipOf } from "../groups";
import { LANG, type AppEnv } from "../http-env";
import { errorPage, requireSignIn } from "../site/error-response";
import { href, pageCtx } from "../site/page-ctx";
import { findTermsInSegment, termsForPair } from "./glossary";
import { findMatches } from "./memory";
import { createMtProvider, describeMtError } from "./mt";
import { runQaChecks } from "./qa";
import { reviewSegmentCommand, saveSegmentCommand } from "./translation.commands";
import { translationPermissions } from "./translation.model";
import { coverage, translationQueue, translatorPairsOf, workspaceSegments } from "./translation.queries";
import { translationService, type TranslationError } from "./translation.service";
import { CoveragePage } from "./views/coverage-page";
import { QueuePage } from "./views/queue-page";
import { WorkspacePage, type SegmentHints, type WorkspaceModel } from "./views/workspace-page";
import { importXliffUpload, xliffDownload } from "./translation.xliff";

export function translationErrorCode(e: TranslationError): ErrorCode {
  switch (e.type) {
    case "forbidden":
      return "ERR_FORBIDDEN";
    case "not-found":
      return "ERR_NOT_FOUND";
    case "conflict":
      return "ERR_EDIT_CONFLICT";
    case "claimed":
      return "ERR_CLAIMED";
    case "qa-blocking":
      return "ERR_QA_BLOCKING";
    case "machine-unconfirmed":
      return "ERR_MACHINE_UNCONFIRMED";
    case "not-translated":
      return "ERR_NOT_TRANSLATED";
    default:
      return exhaustiveCheck(e);
  }
}

const wantsJson = (c: Context) => (c.req.header("accept") ?? "").includes("application/json");

/** Route table of the translation module: queue, workspace, review, coverage, XLIFF. */
export function translationRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const mt = createMtProvider(deps.config.mt);

  /** Loads everything the workspace shows; null when the statement or target does not exist. */
  const workspaceModel = async (c: Context<AppEnv>, viewer: Viewer, extra: Partial<WorkspaceModel> = {}): Promise<WorkspaceModel | null> => {
    const id = c.req.param("id") ?? "";
    const target = c.req.param("target") ?? "";
    const statement = await deps.db
      .selectFrom("translatable_documents as docs")
      .leftJoin("groups", "groups.id", "docs.group_id")
      .select(["docs.id", "docs.document", "docs.title", "docs.lang", "docs.current_revision", "groups.slug"])
      .where("docs.id", "=", id)
      .executeTakeFirst();
    const targetRow = await deps.db
      .selectFrom("translation_targets")
      .leftJoin("users", "users.id", "translation_targets.claimed_by")
      .select(["users.handle", "translation_targets.claim_expires_at"])
      .where("statement_id", "=", id)
      .where("lang", "=", target)
      .executeTakeFirst();
    if (!statement || !targetRow) {
      return null;
    }
    const segments = await workspaceSegments(deps, id, statement.current_revision, target);
    const terms = await termsForPair(deps, statement.lang, target);
    const hints = new Map<string, SegmentHints>();
    for (const s of segments) {
      const glossary = findTermsInSegment(terms, s.source, statement.lang).map((h) => ({
        start: h.start,
        end: h.end,
        term: h.term.term,
        preferred: h.term.preferred,
        forbidden: h.term.forbidden,
        doNotTranslate: h.term.doNotTranslate,
        note: h.term.note,
      }));
      const tm =
        s.status === "approved"
          ? []
          : (await findMatches(deps, { sourceLang: statement.lang, targetLang: target, text: s.source, context: id, limit: 3, minScore: 60 })).map((m) => ({
              score: m.score,
              source: m.source,
              target: m.target,
              inContext: m.inContext,
              diff: m.diff,
            }));
      const qa = s.text.trim() === "" ? [] : runQaChecks({ source: s.source, target: s.text, sourceLang: statement.lang, targetLang: target, glossary: terms });
      hints.set(s.id, { glossary, tm, qa });
    }
    const now = deps.clock.now().toISOString();
    return {
      statement: {
        id: statement.id,
        document: statement.document,
        title: statement.title,
        lang: statement.lang,
        revision: statement.current_revision,
        groupSlug: statement.slug,
      },
      target,
      claim:
        targetRow.handle && targetRow.claim_expires_at && targetRow.claim_expires_at > now ? { by: targetRow.handle, until: targetRow.claim_expires_at } : null,
      segments,
      hints,
      canReview: translationPermissions.review(viewer),
      mtAvailable: mt !== null,
      ...extra,
    };
  };

  const workspace = async (c: Context<AppEnv>, status: 200 | 409 | 422, extra: Partial<WorkspaceModel> = {}) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    if (!translationPermissions.translate(ctx.viewer)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const model = await workspaceModel(c, ctx.viewer, extra);
    return model ? renderPage(c, status, <WorkspacePage ctx={ctx} model={model} />) : errorPage(c, "ERR_NOT_FOUND");
  };

  app.get(`${LANG}/translate`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    if (!translationPermissions.translate(ctx.viewer)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const pairs = await translatorPairsOf(deps, ctx.viewer.id);
    const items = await translationQueue(deps, pairs, deps.clock.now().toISOString());
    const notice = c.req.query("done") === "pairs" ? ctx.i.t("notice.saved") : undefined;
    return renderPage(c, 200, <QueuePage ctx={ctx} pairs={pairs} items={items} notice={notice} />);
  });

  app.post(`${LANG}/translate/pairs`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    if (!translationPermissions.translate(ctx.viewer)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const form = await readForm(c);
    const pairs: Array<{ source: string; target: string }> = [];
    for (let n = 0; n < 60; n++) {
      const source = form[`source_${n}`];
      const target = form[`target_${n}`];
      if (typeof source === "string" && typeof target === "string" && source !== "" && target !== "") {
        if (!CONTENT_LANG_CODES.includes(source) || !CONTENT_LANG_CODES.includes(target)) {
          return errorPage(c, "ERR_VALIDATION");
        }
        pairs.push({ source, target });
      }
    }
    await translationService.setTranslatorPairs(deps, ctx.viewer, pairs);
    return c.redirect(href(ctx, "/translate?done=pairs"), 303);
  });

  app.get(`${LANG}/translate/coverage`, async (c) => renderPage(c, 200, <CoveragePage ctx={pageCtx(c)} rows={await coverage(deps)} />));

  app.get(`${LANG}/translate/:id/:target`, (c) => {
    const i = c.get("i18n");
    const done = c.req.query("done");
    const conflicts = Number(c.req.query("c") ?? 0);
    const imported = done === "xliff" ? i.t("notice.xliff_imported", { count: Number(c.req.query("n") ?? 0) }) : undefined;
    const notice = imported
      ? conflicts > 0
        ? `${imported} ${i.t("notice.xliff_conflicts", { count: conflicts })}`
        : imported
      : done === "published"
        ? i.t("notice.translation_published")
        : undefined;
    return workspace(c, 200, { notice });
  });

  app.post(`${LANG}/translate/:id/:target/claim`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const r = await translationService.claim(deps, ctx.viewer, c.req.param("id"), c.req.param("target"));
    if (!r.ok) {
      return errorPage(c, translationErrorCode(r.error));
    }
    return c.redirect(href(ctx, `/translate/${c.req.param("id")}/${c.req.param("target")}`), 303);
  });

  app.post(`${LANG}/translate/:id/:target/release`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const r = await translationService.release(deps, ctx.viewer, c.req.param("id"), c.req.param("target"));
    if (!r.ok) {
      return errorPage(c, translationErrorCode(r.error));
    }
    return c.redirect(href(ctx, `/translate/${c.req.param("id")}/${c.req.param("target")}`), 303);
  });

  app.post(`${LANG}/translate/:id/:target/segments/:segmentId`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const form = await readForm(c);
    const parsed = saveSegmentCommand.safeParse({ ...form, segmentId: c.req.param("segmentId"), lang: c.req.param("target") });
    if (!parsed.success) {
      const key = Object.values(fieldErrors(parsed.error))[0] ?? "error.validation";
      return wantsJson(c)
        ? c.json({ error: { code: "ERR_VALIDATION", message: translatorFor(ctx.i.lang).t(key as "error.validation") } }, 422)
        : workspace(c, 422, { errorKey: key as "error.validation" });
    }
    const r = await translationService.saveSegment(deps, ctx.viewer, parsed.data);
    if (!r.ok) {
      const code = translationErrorCode(r.error);
      if (wantsJson(c)) {
        return c.json({ error: { code, message: ctx.i.t(ERRORS[code].key) } }, ERRORS[code].status);
      }
      if (r.error.type === "conflict") {
        return workspace(c, 409, { conflict: { segmentId: parsed.data.segmentId, mine: parsed.data.text, theirs: r.error.current } });
      }
      return errorPage(c, code);
    }
    if (wantsJson(c)) {
      return c.json({ version: r.value.version, status: r.value.status, message: ctx.i.t("notice.saved"), qa: r.value.qa });
    }
    return c.redirect(`${href(ctx, `/translate/${c.req.param("id")}/${c.req.param("target")}`)}#seg-${parsed.data.segmentId}`, 303);
  });

  app.post(`${LANG}/translate/:id/:target/segments/:segmentId/review`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const parsed = reviewSegmentCommand.safeParse({ ...(await readForm(c)), segmentId: c.req.param("segmentId"), lang: c.req.param("target") });
    if (!parsed.success) {
      return workspace(c, 422, { errorKey: "error.validation" });
    }
    const r = await translationService.reviewSegment(deps, ctx.viewer, parsed.data);
    if (!r.ok) {
      const code = translationErrorCode(r.error);
      return code === "ERR_FORBIDDEN" || code === "ERR_NOT_FOUND" ? errorPage(c, code) : workspace(c, 422, { errorKey: ERRORS[code].key });
    }
    const done = r.value.published ? "?done=published" : "";
    return c.redirect(`${href(ctx, `/translate/${c.req.param("id")}/${c.req.param("target")}`)}${done}#seg-${parsed.data.segmentId}`, 303);
  });

  app.post(`${LANG}/translate/:id/:target/segments/:segmentId/mt`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    if (!mt) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    if (!translationPermissions.translate(ctx.viewer)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const segment = await deps.db
      .selectFrom("segments")
      .select(["source", "lang"])
      .where("id", "=", c.req.param("segmentId"))
      .where("statement_id", "=", c.req.param("id"))
      .executeTakeFirst();
    const existing = await deps.db
      .selectFrom("segment_translations")
      .select("version")
      .where("segment_id", "=", c.req.param("segmentId"))
      .where("lang", "=", c.req.param("target"))
      .executeTakeFirst();
    if (!segment) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    const out = await mt.translate([segment.source], segment.lang, c.req.param("target"));
    if (!out.ok) {
      return workspace(c, 422, { notice: describeMtError(out.error) });
    }
    const r = await translationService.saveSegment(deps, ctx.viewer, {
      segmentId: c.req.param("segmentId"),
      lang: c.req.param("target"),
      text: out.value[0] ?? "",
      version: existing?.version ?? 0,
      status: "draft",
      machine: true,
    });
    if (!r.ok) {
      return errorPage(c, translationErrorCode(r.error));
    }
    return c.redirect(`${href(ctx, `/translate/${c.req.param("id")}/${c.req.param("target")}`)}#seg-${c.req.param("segmentId")}`, 303);
  });

  app.post(`${LANG}/statements/:id/targets`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const lang = (await readForm(c)).lang;
    if (typeof lang !== "string" || !CONTENT_LANG_CODES.includes(lang)) {
      return errorPage(c, "ERR_VALIDATION");
    }
    const statement = await deps.db.selectFrom("statements").select("group_id").where("id", "=", c.req.param("id")).executeTakeFirst();
    if (!statement) {
      // This route adds languages to statements only (an incident's id names no statement).
      return errorPage(c, "ERR_NOT_FOUND");
    }
    const member = groupPermissions.publish(await membershipOf(deps, statement.group_id, ctx.viewer.id));
    const r = await translationService.addTarget(deps, ctx.viewer, c.req.param("id"), lang, member);
    if (!r.ok) {
      return errorPage(c, translationErrorCode(r.error));
    }
    return c.redirect(href(ctx, `/statements/${c.req.param("id")}`), 303);
  });

  app.get(`${LANG}/translate/:id/:target/xliff`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    if (!translationPermissions.translate(ctx.viewer)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const file = await xliffDownload(deps, c.req.param("id"), c.req.param("target"));
    if (!file) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    return c.body(file.xml, 200, { "Content-Type": "application/xliff+xml; charset=utf-8", "Content-Disposition": `attachment; filename="${file.filename}"` });
  });

  app.post(`${LANG}/translate/:id/:target/xliff`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File)) {
      return workspace(c, 422, { errorKey: "error.xliff_missing" });
    }
    const r = await importXliffUpload(deps, ctx.viewer, c.req.param("id"), c.req.param("target"), Buffer.from(await file.arrayBuffer()));
    if (!r.ok) {
      return workspace(c, 422, { notice: r.error });
    }
    return c.redirect(href(ctx, `/translate/${c.req.param("id")}/${c.req.param("target")}?done=xliff&n=${r.value.updated}&c=${r.value.conflicts}`), 303);
  });
}
