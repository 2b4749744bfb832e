import { CONTENT_LANGUAGES } from "../../../platform/i18n/languages";
import type { FieldErrors } from "../../../platform/http/form";
import type { MessageKey } from "../../../platform/i18n/translator";
import { CsrfField } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { HIDE_REASONS, MAX_BODY_CHARS, REPORT_CATEGORIES, SUSPEND_DAYS } from "../comment.model";
import { hideReasonLabel } from "../notify";

/** The language picker of a comment: "detect" first, then every content language by its own name. */
export function LangSelect(props: { ctx: PageCtx; id: string; value: string; allowDetect: boolean }) {
  const { i } = props.ctx;
  return (
    <select id={props.id} name="lang">
      {props.allowDetect ? (
        <option value="" selected={props.value === ""}>
          {i.t("discussion.lang_detect")}
        </option>
      ) : null}
      {CONTENT_LANGUAGES.map((l) => (
        <option value={l.code} selected={props.value === l.code} lang={l.code}>
          {l.autonym}
        </option>
      ))}
    </select>
  );
}

/** A new comment or a reply. Plain POST: works without JavaScript. */
export function CommentForm(props: {
  ctx: PageCtx;
  statementId: string;
  readingLang: string;
  parentId: string | null;
  idPrefix: string;
  values?: { body: string; lang: string };
  errors?: FieldErrors;
}) {
  const { ctx } = props;
  const { i } = ctx;
  const bodyError = props.errors?.body;
  return (
    <form method="post" class="stack comment-form" action={href(ctx, `/statements/${props.statementId}/comments`)}>
      <CsrfField token={ctx.csrf} />
      <input type="hidden" name="readingLang" value={props.readingLang} />
      {props.parentId ? <input type="hidden" name="parentId" value={props.parentId} /> : null}
      <label for={`${props.idPrefix}-body`}>{props.parentId ? i.t("discussion.reply_label") : i.t("discussion.comment_label")}</label>
      <textarea id={`${props.idPrefix}-body`} name="body" class="short" required maxlength={MAX_BODY_CHARS} dir="auto">
        {props.values?.body ?? ""}
      </textarea>
      <small>{i.t("discussion.markdown_hint")}</small>
      {bodyError ? <p class="error">{i.t(bodyError as MessageKey)}</p> : null}
      <label for={`${props.idPrefix}-lang`}>{i.t("discussion.lang_label")}</label>
      <LangSelect ctx={ctx} id={`${props.idPrefix}-lang`} value={props.values?.lang ?? ""} allowDetect />
      <div>
        <button type="submit">{props.parentId ? i.t("discussion.reply_submit") : i.t("discussion.comment_submit")}</button>
      </div>
    </form>
  );
}

/** Report a comment: a reason category and an optional note for moderators. */
export function ReportForm(props: { ctx: PageCtx; commentId: string; idPrefix: string }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <form method="post" class="stack" action={href(ctx, `/comments/${props.commentId}/report`)}>
      <CsrfField token={ctx.csrf} />
      <fieldset>
        <legend>{i.t("discussion.report_reason")}</legend>
        {REPORT_CATEGORIES.map((cat, n) => (
          <label class="choice">
            <input type="radio" name="category" value={cat} required checked={n === 0} /> {reportCategoryLabel(ctx, cat)}
          </label>
        ))}
      </fieldset>
      <label for={`${props.idPrefix}-note`}>{i.t("discussion.report_note")}</label>
      <input id={`${props.idPrefix}-note`} name="note" maxlength={500} dir="auto" />
      <div>
        <button type="submit" class="secondary">
          {i.t("discussion.report_submit")}
        </button>
      </div>
    </form>
  );
}

/** The label of a report category; doxxing is explained because the word is not widely known. */
export function reportCategoryLabel(ctx: PageCtx, category: string): string {
  return category === "doxxing" ? ctx.i.t("discussion.reason.doxxing_long") : hideReasonLabel(ctx.i, category);
}

/**
 * A moderator's decision on one comment. Each button has an access key (a: approve, h: hide,
 * d: delete for doxxing, w: warn, s: suspend) so the queue can be worked from the keyboard.
 */
export function ModerationActions(props: { ctx: PageCtx; commentId: string; next: string; hasAuthor: boolean; keys: boolean }) {
  const { ctx } = props;
  const { i } = ctx;
  const action = href(ctx, `/comments/${props.commentId}/moderate`);
  const key = (k: string) => (props.keys ? k : undefined);
  return (
    <div class="mod-actions">
      <form method="post" action={action} class="inline">
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <button type="submit" name="action" value="approve" accesskey={key("a")}>
          {i.t("discussion.mod.approve")}
        </button>
      </form>
      <form method="post" action={action} class="inline">
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label class="visually-hidden" for={`hr-${props.commentId}`}>
          {i.t("discussion.mod.hide_reason")}
        </label>
        <select name="reason" id={`hr-${props.commentId}`}>
          {HIDE_REASONS.map((r) => (
            <option value={r}>{hideReasonLabel(i, r)}</option>
          ))}
        </select>
        <button type="submit" name="action" value="hide" class="secondary" accesskey={key("h")}>
          {i.t("discussion.mod.hide")}
        </button>
      </form>
      <form method="post" action={action} class="inline">
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <button type="submit" name="action" value="delete" class="danger" accesskey={key("d")}>
          {i.t("discussion.mod.delete")}
        </button>
      </form>
      {props.hasAuthor ? (
        <>
          <form method="post" action={action} class="inline">
            <CsrfField token={ctx.csrf} />
            <input type="hidden" name="next" value={props.next} />
            <button type="submit" name="action" value="warn" class="secondary" accesskey={key("w")}>
              {i.t("discussion.mod.warn")}
            </button>
          </form>
          <form method="post" action={action} class="inline">
            <CsrfField token={ctx.csrf} />
            <input type="hidden" name="next" value={props.next} />
            <label class="visually-hidden" for={`sd-${props.commentId}`}>
              {i.t("discussion.mod.suspend_days")}
            </label>
            <select name="days" id={`sd-${props.commentId}`}>
              {SUSPEND_DAYS.map((d) => (
                <option value={String(d)}>{i.t("discussion.mod.days", { n: d })}</option>
              ))}
            </select>
            <button type="submit" name="action" value="suspend" class="secondary" accesskey={key("s")}>
              {i.t("discussion.mod.suspend")}
            </button>
          </form>
        </>
      ) : null}
    </div>
  );
}
