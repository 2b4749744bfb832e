import type { Context, Hono } from "hono";
import type { AppDeps } from "../../main/deps";
import { sha256Hex } from "../../platform/hash";
import { fieldErrors, readForm } from "../../platform/http/form";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { renderPage } from "../../platform/views/render";
import { LANG, type AppEnv } from "../http-env";
import { errorPage, requireSignIn } from "../site/error-response";
import { href, pageCtx, type PageCtx } from "../site/page-ctx";
import type { Viewer } from "../accounts/account.model";
import { describeMtError } from "../translation/mt";
import { clientKey } from "../../platform/http/client-key";
import { err } from "../../platform/result";
import { HOLD_REASONS, isModerator } from "./comment.model";
import {
  discussionModeCommand,
  editCommentCommand,
  moderateCommentCommand,
  postCommentCommand,
  reportCommentCommand,
  translateCommentCommand,
  wordListCommand,
} from "./discussion.commands";
import { discussionErrorInfo } from "./discussion.errors";
import { allWordLists, auditLog, getComment, moderationQueue, noticesFor, threadFor, type CommentView, type QueueFilter } from "./discussion.queries";
import { apiError } from "../api/api-helpers";
import { discussionService, machineTranslation, type DiscussionError } from "./discussion.service";
import { moderationService } from "./moderation.service";
import { CommentFormPage, EditPage, MachineTranslationPage, MessagePage, ReportPage, TranslatePage } from "./views/comment-pages";
import { AuditLogPage, QueuePage, WordListsPage } from "./views/moderation-pages";
import { NotificationsPage } from "./views/notifications-page";

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** The page context of a signed-in person. */
type SignedInCtx = PageCtx & { viewer: Viewer };

const isSignedIn = (ctx: PageCtx): ctx is SignedInCtx => ctx.viewer !== null;

type SignedInHandler<P extends string> = (c: Context<AppEnv, P>, ctx: SignedInCtx) => Promise<Response>;

/**
 * Routes for signed-in people only: anyone else is sent to sign in (303), coming back to the page
 * afterwards (requireSignIn). Each handler gets the page context with its viewer.
 */
function signedInRoutes(app: Hono<AppEnv>) {
  const guard =
    <P extends string>(handler: SignedInHandler<P>) =>
    (c: Context<AppEnv, P>): Promise<Response> | Response => {
      const ctx = pageCtx(c);
      return isSignedIn(ctx) ? handler(c, ctx) : requireSignIn(c);
    };
  return {
    get: <P extends string>(path: P, handler: SignedInHandler<P>) => app.get(path, guard(handler)),
    post: <P extends string>(path: P, handler: SignedInHandler<P>) => app.post(path, guard(handler)),
  };
}

/** A refusal as a page with its status and localised message. */
function refusal(c: Context<AppEnv>, ctx: PageCtx, e: DiscussionError, back?: string): Promise<Response> {
  const info = discussionErrorInfo(e, ctx.i);
  return renderPage(c, info.status, <MessagePage ctx={ctx} status={info.status} message={ctx.i.t(info.key, info.values)} back={back} />);
}

/** Where a moderator goes back to after an action: a page of this instance in the same language. */
function safeNext(ctx: PageCtx, next: string, fallback: string): string {
  return next.startsWith(`/${ctx.i.lang}/`) && !next.startsWith("//") && !/[\r\n\\]/.test(next) ? next : fallback;
}

/** A comment as the public API shows it: no text unless published, no author once removed. */
function serializeComment(c: CommentView): unknown {
  const gone = c.status === "removed" || c.status === "deleted";
  return {
    id: c.id,
    parentId: c.parentId,
    depth: c.depth,
    author: gone ? null : c.authorHandle,
    lang: c.lang,
    readingLang: c.readingLang,
    status: c.status,
    hiddenReason: c.status === "hidden" ? c.hiddenReason : null,
    body: c.status === "published" ? c.body : null,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    translations: c.translations.map((t) => ({ lang: t.lang, body: t.body, translator: t.translatorHandle })),
    replies: c.children.map(serializeComment),
  };
}

/** Route table of the discussion module: comments, reports, moderation, notices. */
export function discussionRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const signedIn = signedInRoutes(app);
  const sessionKey = (c: Context<AppEnv>) => {
    const token = c.get("sessionToken");
    return token ? sha256Hex(token) : null;
  };

  // The public discussion of a statement, for researchers and archives (held comments excluded).
  app.get("/api/v1/statements/:id/comments", async (c) => {
    const statementId = c.req.param("id");
    const exists = await deps.db.selectFrom("statements").select("id").where("id", "=", statementId).executeTakeFirst();
    if (!exists) {
      return apiError(c, "ERR_STATEMENT_NOT_FOUND");
    }
    const { roots, count } = await threadFor(deps, statementId, null);
    return c.json({ count, comments: roots.map(serializeComment) });
  });

  signedIn.post(`${LANG}/statements/:id/comments`, async (c, ctx) => {
    const statementId = c.req.param("id");
    const form = await readForm(c);
    const values = { body: str(form.body), lang: str(form.lang) };
    const readingLang = CONTENT_LANG_CODES.includes(str(form.readingLang)) ? str(form.readingLang) : "en";
    const parentId = str(form.parentId);
    // Only a published comment may be quoted back: held, hidden or removed text stays unseen.
    const found = parentId ? await getComment(deps, parentId) : null;
    const parent = found?.status === "published" ? found : null;
    const page = (status: 422 | 403 | 404 | 409 | 412 | 429, extra: { errors?: Record<string, string>; message?: string }) =>
      renderPage(
        c,
        status,
        <CommentFormPage ctx={ctx} status={status} statementId={statementId} readingLang={readingLang} parent={parent} values={values} {...extra} />,
      );
    const parsed = postCommentCommand.safeParse({ ...values, readingLang, parentId });
    if (!parsed.success) {
      return page(422, { errors: fieldErrors(parsed.error) });
    }
    const result = await discussionService.post(deps, ctx.viewer, statementId, parsed.data, sessionKey(c));
    if (!result.ok) {
      const info = discussionErrorInfo(result.error, ctx.i);
      return page(info.status, { message: ctx.i.t(info.key, info.values) });
    }
    const done = result.value.status === "pending" ? "held" : "posted";
    return c.redirect(href(ctx, `/statements/${statementId}?discussion=${done}#c-${result.value.id}`), 303);
  });

  signedIn.get(`${LANG}/comments/:id/reply`, async (c, ctx) => {
    const parent = await getComment(deps, c.req.param("id"));
    if (!parent || parent.status !== "published") {
      return refusal(c, ctx, { type: "not-found" });
    }
    return renderPage(
      c,
      200,
      <CommentFormPage
        ctx={ctx}
        status={200}
        statementId={parent.statementId}
        readingLang={parent.readingLang}
        parent={parent}
        values={{ body: "", lang: "" }}
      />,
    );
  });

  signedIn.get(`${LANG}/comments/:id/edit`, async (c, ctx) => {
    const comment = await getComment(deps, c.req.param("id"));
    if (!comment || comment.authorId !== ctx.viewer.id) {
      return refusal(c, ctx, { type: "not-found" });
    }
    return renderPage(c, 200, <EditPage ctx={ctx} status={200} comment={comment} />);
  });

  signedIn.post(`${LANG}/comments/:id/edit`, async (c, ctx) => {
    const comment = await getComment(deps, c.req.param("id"));
    if (!comment) {
      return refusal(c, ctx, { type: "not-found" });
    }
    const form = await readForm(c);
    const shown = { ...comment, body: str(form.body), lang: str(form.lang) || comment.lang };
    const parsed = editCommentCommand.safeParse({ body: str(form.body), lang: str(form.lang), version: str(form.version) });
    if (!parsed.success) {
      const key = Object.values(fieldErrors(parsed.error))[0] ?? "error.validation";
      return renderPage(c, 422, <EditPage ctx={ctx} status={422} comment={shown} message={ctx.i.t(key as "error.validation")} />);
    }
    const result = await discussionService.edit(deps, ctx.viewer, comment.id, parsed.data);
    if (!result.ok) {
      const info = discussionErrorInfo(result.error, ctx.i);
      return renderPage(c, info.status, <EditPage ctx={ctx} status={info.status} comment={shown} message={ctx.i.t(info.key, info.values)} />);
    }
    const done = result.value.status === "pending" ? "held" : "edited";
    return c.redirect(href(ctx, `/statements/${result.value.statementId}?discussion=${done}#c-${comment.id}`), 303);
  });

  signedIn.post(`${LANG}/comments/:id/delete`, async (c, ctx) => {
    const id = c.req.param("id");
    const result = await discussionService.remove(deps, ctx.viewer, id);
    if (!result.ok) {
      return refusal(c, ctx, result.error);
    }
    return c.redirect(href(ctx, `/statements/${result.value.statementId}?discussion=removed#c-${id}`), 303);
  });

  signedIn.get(`${LANG}/comments/:id/report`, async (c, ctx) => {
    const comment = await getComment(deps, c.req.param("id"));
    if (!comment || comment.status !== "published") {
      return refusal(c, ctx, comment ? { type: "already-removed" } : { type: "not-found" });
    }
    return renderPage(c, 200, <ReportPage ctx={ctx} comment={comment} />);
  });

  signedIn.post(`${LANG}/comments/:id/report`, async (c, ctx) => {
    const id = c.req.param("id");
    const form = await readForm(c);
    const parsed = reportCommentCommand.safeParse({ category: str(form.category), note: str(form.note) });
    if (!parsed.success) {
      const comment = await getComment(deps, id);
      if (!comment || comment.status !== "published") {
        return refusal(c, ctx, { type: "not-found" });
      }
      const key = Object.values(fieldErrors(parsed.error))[0] ?? "error.validation";
      return renderPage(c, 422, <ReportPage ctx={ctx} comment={comment} message={ctx.i.t(key as "error.validation")} />);
    }
    const result = await discussionService.report(deps, ctx.viewer, id, parsed.data);
    if (!result.ok) {
      return refusal(c, ctx, result.error);
    }
    return c.redirect(href(ctx, `/statements/${result.value.statementId}?discussion=reported#c-${id}`), 303);
  });

  signedIn.get(`${LANG}/comments/:id/translate`, async (c, ctx) => {
    const comment = await getComment(deps, c.req.param("id"));
    if (!comment || comment.status !== "published") {
      return refusal(c, ctx, { type: "not-found" });
    }
    const lang = comment.lang === ctx.i.lang ? "" : ctx.i.lang;
    return renderPage(c, 200, <TranslatePage ctx={ctx} comment={comment} values={{ lang, body: "" }} />);
  });

  signedIn.post(`${LANG}/comments/:id/translate`, async (c, ctx) => {
    const comment = await getComment(deps, c.req.param("id"));
    if (!comment || comment.status !== "published") {
      return refusal(c, ctx, { type: "not-found" });
    }
    const form = await readForm(c);
    const values = { lang: str(form.lang), body: str(form.body) };
    const parsed = translateCommentCommand.safeParse(values);
    if (!parsed.success) {
      return renderPage(c, 422, <TranslatePage ctx={ctx} comment={comment} values={values} errors={fieldErrors(parsed.error)} />);
    }
    const result = await discussionService.translate(deps, ctx.viewer, comment.id, parsed.data);
    if (!result.ok) {
      const info = discussionErrorInfo(result.error, ctx.i);
      return renderPage(c, info.status, <TranslatePage ctx={ctx} comment={comment} values={values} message={ctx.i.t(info.key, info.values)} />);
    }
    return c.redirect(href(ctx, `/statements/${result.value.statementId}?discussion=translated#c-${comment.id}`), 303);
  });

  // "Show translation": a machine translation, on request only, from the operator's own MT server.
  app.get(`${LANG}/comments/:id/translation`, async (c) => {
    const ctx = pageCtx(c);
    const comment = await getComment(deps, c.req.param("id"));
    if (!comment || comment.status !== "published") {
      return refusal(c, ctx, { type: "not-found" });
    }
    const to = c.req.query("to") ?? ctx.i.lang;
    // Limited per reader (account, or hashed client address) and answered from memory when repeated.
    const asker = ctx.viewer ? `a:${ctx.viewer.id}` : `c:${clientKey(c)}`;
    const result =
      CONTENT_LANG_CODES.includes(to) && to !== comment.lang ? await machineTranslation(deps, comment, to, asker) : err({ type: "unavailable" as const });
    if (!result.ok) {
      const e = result.error;
      if (e.type === "rate-limited") {
        c.header("Retry-After", String(e.seconds));
      }
      const status = e.type === "unavailable" ? 404 : e.type === "rate-limited" ? 429 : 502;
      const problem =
        e.type === "rate-limited"
          ? ctx.i.t("error.comment_mt_rate_limited", { seconds: e.seconds })
          : e.type === "failed"
            ? `${ctx.i.t("discussion.mt_unavailable")} (${describeMtError(e.error)})`
            : ctx.i.t("discussion.mt_unavailable");
      return renderPage(c, status, <MachineTranslationPage ctx={ctx} comment={comment} to={to} text={null} problem={problem} />);
    }
    return renderPage(c, 200, <MachineTranslationPage ctx={ctx} comment={comment} to={to} text={result.value} />);
  });

  signedIn.post(`${LANG}/comments/:id/moderate`, async (c, ctx) => {
    const id = c.req.param("id");
    const form = await readForm(c);
    const parsed = moderateCommentCommand.safeParse({ action: str(form.action), reason: str(form.reason) || undefined, days: str(form.days) || undefined });
    if (!parsed.success) {
      const key = Object.values(fieldErrors(parsed.error))[0] ?? "error.validation";
      return renderPage(c, 422, <MessagePage ctx={ctx} status={422} message={ctx.i.t(key as "error.validation")} back={href(ctx, "/moderation")} />);
    }
    const result = await moderationService.act(deps, ctx.viewer, id, parsed.data);
    if (!result.ok) {
      return refusal(c, ctx, result.error, href(ctx, "/moderation"));
    }
    const fallback = href(ctx, `/statements/${result.value.statementId}?discussion=moderated#c-${id}`);
    return c.redirect(safeNext(ctx, str(form.next), fallback), 303);
  });

  signedIn.post(`${LANG}/statements/:id/discussion`, async (c, ctx) => {
    const statementId = c.req.param("id");
    const form = await readForm(c);
    const parsed = discussionModeCommand.safeParse({ mode: str(form.mode) });
    if (!parsed.success) {
      return errorPage(c, "ERR_VALIDATION");
    }
    const result = await discussionService.setMode(deps, ctx.viewer, statementId, parsed.data.mode);
    if (!result.ok) {
      return refusal(c, ctx, result.error);
    }
    return c.redirect(href(ctx, `/statements/${statementId}?discussion=mode#comments`), 303);
  });

  signedIn.get(`${LANG}/moderation`, async (c, ctx) => {
    if (!isModerator(ctx.viewer)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const show = c.req.query("show");
    const reason = c.req.query("reason") ?? "";
    const lang = c.req.query("lang") ?? "";
    const filter: QueueFilter = {
      show: show === "held" || show === "reported" ? show : "all",
      reason: (HOLD_REASONS as readonly string[]).includes(reason) ? reason : null,
      lang: CONTENT_LANG_CODES.includes(lang) ? lang : null,
    };
    return renderPage(c, 200, <QueuePage ctx={ctx} items={await moderationQueue(deps, filter)} filter={filter} />);
  });

  signedIn.get(`${LANG}/moderation/log`, async (c, ctx) => {
    if (!isModerator(ctx.viewer)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    return renderPage(c, 200, <AuditLogPage ctx={ctx} entries={await auditLog(deps)} />);
  });

  signedIn.get(`${LANG}/moderation/wordlists`, async (c, ctx) => {
    if (ctx.viewer.role !== "admin") {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const notice = c.req.query("done") === "saved" ? ctx.i.t("discussion.wordlists_saved") : undefined;
    return renderPage(c, 200, <WordListsPage ctx={ctx} lists={await allWordLists(deps)} notice={notice} />);
  });

  signedIn.post(`${LANG}/moderation/wordlists`, async (c, ctx) => {
    const form = await readForm(c);
    const parsed = wordListCommand.safeParse({ lang: str(form.lang), words: str(form.words) });
    if (!parsed.success) {
      const key = Object.values(fieldErrors(parsed.error))[0] ?? "error.validation";
      return renderPage(c, 422, <MessagePage ctx={ctx} status={422} message={ctx.i.t(key as "error.validation")} back={href(ctx, "/moderation/wordlists")} />);
    }
    const result = await discussionService.saveWordList(deps, ctx.viewer, parsed.data.lang, parsed.data.words);
    if (!result.ok) {
      return refusal(c, ctx, result.error);
    }
    return c.redirect(href(ctx, "/moderation/wordlists?done=saved"), 303);
  });

  signedIn.get(`${LANG}/notifications`, async (c, ctx) => {
    return renderPage(c, 200, <NotificationsPage ctx={ctx} notices={await noticesFor(deps, ctx.viewer.id)} />);
  });

  signedIn.post(`${LANG}/notifications/read`, async (c, ctx) => {
    await discussionService.markAllRead(deps, ctx.viewer);
    return c.redirect(href(ctx, "/notifications"), 303);
  });
}
