import { raw } from "hono/html";
import type { FieldErrors } from "../../../platform/http/form";
import { autonymOf, CONTENT_LANGUAGES, directionOf } from "../../../platform/i18n/languages";
import type { MessageKey } from "../../../platform/i18n/translator";
import { CsrfField } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { MAX_BODY_CHARS } from "../comment.model";
import { renderCommentMarkdown } from "../comment.markdown";
import type { CommentView } from "../discussion.queries";
import { CommentForm, ReportForm } from "./comment-forms";
import { EditForm } from "./comments-section";

/** A refusal or a problem, in the reader's language, with the way back. */
export function MessagePage(props: { ctx: PageCtx; status: number; message: string; back?: string }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("errorpage.title", { status: props.status })}>
      <h1>{i.t("errorpage.title", { status: props.status })}</h1>
      <p class="alert" role="alert">
        {props.message}
      </p>
      {props.back ? (
        <p>
          <a href={props.back}>{i.t("discussion.back")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The comment being answered, quoted above the form. */
function Quoted(props: { ctx: PageCtx; comment: CommentView }) {
  const c = props.comment;
  return (
    <blockquote class="comment-quote">
      <p class="comment-meta">
        <strong>{c.authorHandle ?? "—"}</strong> · {autonymOf(c.lang)}
      </p>
      <div lang={c.lang} dir={directionOf(c.lang)}>
        {raw(renderCommentMarkdown(c.body))}
      </div>
    </blockquote>
  );
}

/**
 * A comment or reply form on its own page: shown again with the text kept when the comment was
 * refused, and as the way to reply without opening the inline form.
 */
export function CommentFormPage(props: {
  ctx: PageCtx;
  status: number;
  statementId: string;
  readingLang: string;
  parent: CommentView | null;
  values: { body: string; lang: string };
  errors?: FieldErrors;
  message?: string;
}) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={props.parent ? i.t("discussion.reply") : i.t("discussion.comment_label")}>
      <h1>{props.parent ? i.t("discussion.reply") : i.t("discussion.comment_label")}</h1>
      {props.message ? (
        <p class="alert" role="alert">
          {props.message}
        </p>
      ) : null}
      {props.parent ? <Quoted ctx={ctx} comment={props.parent} /> : null}
      <CommentForm
        ctx={ctx}
        statementId={props.statementId}
        readingLang={props.readingLang}
        parentId={props.parent?.id ?? null}
        idPrefix="f"
        values={props.values}
        errors={props.errors}
      />
      <p>
        <a href={href(ctx, `/statements/${props.statementId}#comments`)}>{i.t("discussion.back")}</a>
      </p>
    </Layout>
  );
}

/** The edit form on its own page, with the refusal when an edit was not accepted. */
export function EditPage(props: { ctx: PageCtx; status: number; comment: CommentView; message?: string }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("discussion.edit")}>
      <h1>{i.t("discussion.edit")}</h1>
      {props.message ? (
        <p class="alert" role="alert">
          {props.message}
        </p>
      ) : null}
      <EditForm ctx={ctx} comment={props.comment} />
    </Layout>
  );
}

export function ReportPage(props: { ctx: PageCtx; comment: CommentView; message?: string }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("discussion.report")}>
      <h1>{i.t("discussion.report")}</h1>
      {props.message ? (
        <p class="alert" role="alert">
          {props.message}
        </p>
      ) : null}
      <Quoted ctx={ctx} comment={props.comment} />
      <ReportForm ctx={ctx} commentId={props.comment.id} idPrefix="f" />
    </Layout>
  );
}

/** A volunteer's human translation of a comment. */
export function TranslatePage(props: { ctx: PageCtx; comment: CommentView; values: { lang: string; body: string }; errors?: FieldErrors; message?: string }) {
  const { ctx, comment: c } = props;
  const { i } = ctx;
  const bodyError = props.errors?.body;
  return (
    <Layout ctx={ctx} title={i.t("discussion.add_translation")}>
      <h1>{i.t("discussion.add_translation")}</h1>
      {props.message ? (
        <p class="alert" role="alert">
          {props.message}
        </p>
      ) : null}
      <Quoted ctx={ctx} comment={c} />
      <form method="post" class="stack" action={href(ctx, `/comments/${c.id}/translate`)}>
        <CsrfField token={ctx.csrf} />
        <label for="f-lang">{i.t("discussion.translation_lang")}</label>
        <select id="f-lang" name="lang">
          {CONTENT_LANGUAGES.filter((l) => l.code !== c.lang).map((l) => (
            <option value={l.code} selected={props.values.lang === l.code} lang={l.code}>
              {l.autonym}
            </option>
          ))}
        </select>
        <label for="f-body">{i.t("discussion.translation_text")}</label>
        <textarea id="f-body" name="body" class="short" required maxlength={MAX_BODY_CHARS} dir="auto">
          {props.values.body}
        </textarea>
        {bodyError ? <p class="error">{i.t(bodyError as MessageKey)}</p> : null}
        <div>
          <button type="submit">{i.t("discussion.translation_submit")}</button>
        </div>
      </form>
    </Layout>
  );
}

/** A machine translation of a comment, clearly labelled as such, with the original beside it. */
export function MachineTranslationPage(props: { ctx: PageCtx; comment: CommentView; to: string; text: string | null; problem?: string }) {
  const { ctx, comment: c } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("discussion.mt_title")}>
      <h1>{i.t("discussion.mt_title")}</h1>
      <Quoted ctx={ctx} comment={c} />
      {props.text !== null ? (
        <section class="machine-translation">
          <p class="badge">{i.t("discussion.mt_label", { from: autonymOf(c.lang), to: autonymOf(props.to) })}</p>
          <p lang={props.to} dir={directionOf(props.to)} class="mt-text">
            {props.text}
          </p>
        </section>
      ) : (
        <p class="alert" role="alert">
          {props.problem}
        </p>
      )}
      <p>
        <a href={href(ctx, `/statements/${c.statementId}#c-${c.id}`)}>{i.t("discussion.back")}</a>
      </p>
    </Layout>
  );
}
