import { raw } from "hono/html";
import { autonymOf, directionOf } from "../../../platform/i18n/languages";
import { CsrfField, Notice, PostButton } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { canEditComment, isGone, MAX_DEPTH } from "../comment.model";
import { renderCommentMarkdown } from "../comment.markdown";
import { log } from "../../../platform/log";
import type { CommentView } from "../discussion.queries";
import { threadData, type ThreadData } from "../discussion.sections";
import { hideReasonLabel } from "../notify";
import { CommentForm, LangSelect, ModerationActions, ReportForm } from "./comment-forms";

/** The text of a comment's "done" notice after a form was sent. */
function doneText(ctx: PageCtx, done: string | null): string | undefined {
  const { i } = ctx;
  switch (done) {
    case "posted":
      return i.t("discussion.done.posted");
    case "held":
      return i.t("discussion.done.held");
    case "edited":
      return i.t("discussion.done.edited");
    case "removed":
      return i.t("discussion.done.removed");
    case "reported":
      return i.t("discussion.done.reported");
    case "translated":
      return i.t("discussion.done.translated");
    case "mode":
      return i.t("discussion.done.mode");
    case "moderated":
      return i.t("discussion.done.moderated");
    default:
      return undefined;
  }
}

/** The query of the page being rendered (the reader's language filter, a form's status). */
const queryOf = (ctx: PageCtx) => new URLSearchParams(ctx.path.includes("?") ? ctx.path.slice(ctx.path.indexOf("?") + 1) : "");

/**
 * The discussion under a statement: language filter, thread, and the form to join in. Reads the
 * thread while the page renders, as the request's viewer sees it; renders nothing if it cannot.
 */
export async function CommentsSection(props: { ctx: PageCtx; statementId: string; readingLang: string }) {
  const { ctx } = props;
  let data: ThreadData | null = null;
  try {
    data = ctx.data ? await threadData(ctx.data, ctx.viewer, props.statementId, queryOf(ctx)) : null;
  } catch (e) {
    // The statement page is still worth showing without its discussion.
    log.error("server", "discussion_section_failed", { message: e instanceof Error ? e.message : String(e) });
  }
  if (!data) {
    return null;
  }
  const { i } = ctx;
  const langs = [...new Set(collectLangs(data.roots))];
  const open = !data.retracted && data.mode !== "closed";
  return (
    <section id="comments" class="discussion" aria-labelledby="comments-title">
      <h2 id="comments-title">{i.t("discussion.title", { n: data.count })}</h2>
      <Notice text={doneText(ctx, data.done)} />
      {data.retracted ? <p class="muted">{i.t("discussion.closed_retracted")}</p> : null}
      {data.mode === "closed" ? <p class="muted">{i.t("discussion.closed")}</p> : null}
      {data.mode === "premoderated" ? <p class="muted">{i.t("discussion.premoderated")}</p> : null}
      {langs.length > 1 ? (
        <form method="get" action={`#comments`} class="lang-filter">
          <fieldset>
            <legend>{i.t("discussion.filter_legend")}</legend>
            {langs.map((l) => (
              <label class="choice" lang={l}>
                <input type="checkbox" name="cl" value={l} checked={data.filter.includes(l)} /> {autonymOf(l)}
              </label>
            ))}
            <button type="submit" class="secondary">
              {i.t("discussion.filter_submit")}
            </button>
          </fieldset>
        </form>
      ) : null}
      {data.roots.length === 0 ? <p class="muted">{i.t("discussion.empty")}</p> : null}
      <ol class="comments">
        {data.roots.map((c) => (
          <li>
            <CommentItem ctx={ctx} data={data} comment={c} readingLang={props.readingLang} open={open} />
          </li>
        ))}
      </ol>
      {open ? (
        ctx.viewer ? (
          <>
            {!data.trusted ? <p class="muted">{i.t("discussion.new_account_hint")}</p> : null}
            <CommentForm ctx={ctx} statementId={data.statementId} readingLang={props.readingLang} parentId={null} idPrefix="nc" />
          </>
        ) : (
          <p>
            <a href={`${href(ctx, "/signin")}?next=${encodeURIComponent(href(ctx, `/statements/${data.statementId}#comments`))}`}>
              {i.t("discussion.signin_to_comment")}
            </a>
          </p>
        )
      ) : null}
      {data.canManage && ctx.viewer ? <ModeForm ctx={ctx} data={data} /> : null}
    </section>
  );
}

function collectLangs(list: CommentView[]): string[] {
  return list.flatMap((c) => [...(isGone(c.status) || c.status === "hidden" ? [] : [c.lang]), ...collectLangs(c.children)]);
}

function ModeForm(props: { ctx: PageCtx; data: ThreadData }) {
  const { ctx, data } = props;
  const { i } = ctx;
  return (
    <form method="post" class="mode-form" action={href(ctx, `/statements/${data.statementId}/discussion`)}>
      <CsrfField token={ctx.csrf} />
      <label for="f-mode">{i.t("discussion.mode_label")}</label>{" "}
      <select id="f-mode" name="mode">
        <option value="open" selected={data.mode === "open"}>
          {i.t("discussion.mode.open")}
        </option>
        <option value="premoderated" selected={data.mode === "premoderated"}>
          {i.t("discussion.mode.premoderated")}
        </option>
        <option value="closed" selected={data.mode === "closed"}>
          {i.t("discussion.mode.closed")}
        </option>
      </select>{" "}
      <button type="submit" class="secondary">
        {i.t("discussion.mode_submit")}
      </button>
    </form>
  );
}

/** The body of a visible comment, or the placeholder that takes its place. */
function CommentBody(props: { ctx: PageCtx; comment: CommentView }) {
  const { ctx, comment: c } = props;
  const { i } = ctx;
  if (c.status === "hidden") {
    return <p class="comment-placeholder">{i.t("discussion.hidden_reason", { reason: hideReasonLabel(i, c.hiddenReason ?? "other") })}</p>;
  }
  if (c.status === "deleted") {
    return <p class="comment-placeholder">{i.t("discussion.deleted_placeholder")}</p>;
  }
  if (c.status === "removed") {
    return <p class="comment-placeholder">{i.t("discussion.removed_placeholder")}</p>;
  }
  return (
    <div class="comment-body" lang={c.lang} dir={directionOf(c.lang)}>
      {raw(renderCommentMarkdown(c.body))}
    </div>
  );
}

function CommentItem(props: { ctx: PageCtx; data: ThreadData; comment: CommentView; readingLang: string; open: boolean }) {
  const { ctx, data, comment: c } = props;
  const { i, viewer } = ctx;
  const filteredOut = data.filter.length > 0 && !data.filter.includes(c.lang) && !isGone(c.status);
  const visible = c.status === "published" || c.status === "pending";
  const own = viewer !== null && c.authorId === viewer.id;
  const statementPath = `/statements/${data.statementId}`;
  return (
    <article class={`comment comment-${c.status}`} id={`c-${c.id}`}>
      <p class="comment-meta">
        {c.authorHandle && !isGone(c.status) ? (
          <strong>
            <bdi>{c.authorHandle}</bdi>
          </strong>
        ) : (
          <span>{i.t("discussion.someone")}</span>
        )}{" "}
        ·{" "}
        <span class="lang-tag" lang={c.lang}>
          {autonymOf(c.lang)}
        </span>{" "}
        ·{" "}
        <bdi>
          <time datetime={c.createdAt}>{i.dateTime(c.createdAt)}</time>
        </bdi>
        {c.editedAt && visible ? <> · {i.t("discussion.edited")}</> : null}
        {c.status === "pending" ? (
          <>
            {" "}
            · <span class="badge">{i.t("discussion.pending_badge")}</span>
          </>
        ) : null}
      </p>
      {filteredOut ? (
        <p class="comment-placeholder">{i.t("discussion.filtered", { language: autonymOf(c.lang) })}</p>
      ) : (
        <>
          <CommentBody ctx={ctx} comment={c} />
          {c.translations.map((t) => (
            <details class="comment-translation">
              <summary>{i.t("discussion.human_translation", { language: autonymOf(t.lang), handle: t.translatorHandle ?? "—" })}</summary>
              <div lang={t.lang} dir={directionOf(t.lang)}>
                {raw(renderCommentMarkdown(t.body))}
              </div>
            </details>
          ))}
          {c.status === "published" ? (
            <p class="comment-links">
              {data.mtEnabled && c.lang !== i.lang ? (
                <a href={href(ctx, `/comments/${c.id}/translation?to=${i.lang}`)} rel="nofollow">
                  {i.t("discussion.show_translation")}
                </a>
              ) : null}
              {viewer && data.trusted && c.lang !== i.lang ? (
                <>
                  {" "}
                  <a href={href(ctx, `/comments/${c.id}/translate`)}>{i.t("discussion.add_translation")}</a>
                </>
              ) : null}
            </p>
          ) : null}
          {viewer ? (
            <div class="comment-actions">
              {props.open && c.status === "published" && c.depth < MAX_DEPTH ? (
                <details>
                  <summary>{i.t("discussion.reply")}</summary>
                  <CommentForm ctx={ctx} statementId={data.statementId} readingLang={props.readingLang} parentId={c.id} idPrefix={`r-${c.id}`} />
                </details>
              ) : null}
              {visible && !own ? (
                <details>
                  <summary>{i.t("discussion.report")}</summary>
                  <ReportForm ctx={ctx} commentId={c.id} idPrefix={`rp-${c.id}`} />
                </details>
              ) : null}
              {own && canEditComment({ authorId: c.authorId, status: c.status, createdAt: c.createdAt }, viewer.id, data.now) ? (
                <details>
                  <summary>{i.t("discussion.edit")}</summary>
                  <EditForm ctx={ctx} comment={c} />
                </details>
              ) : null}
              {own && !isGone(c.status) ? (
                <PostButton action={href(ctx, `/comments/${c.id}/delete`)} csrf={ctx.csrf} label={i.t("discussion.delete")} secondary />
              ) : null}
              {data.moderator && !isGone(c.status) ? (
                <details>
                  <summary>{i.t("discussion.moderate")}</summary>
                  <ModerationActions ctx={ctx} commentId={c.id} next={href(ctx, `${statementPath}#c-${c.id}`)} hasAuthor={c.authorId !== null} keys={false} />
                </details>
              ) : null}
            </div>
          ) : null}
        </>
      )}
      {c.children.length > 0 ? (
        <ol class="replies">
          {c.children.map((child) => (
            <li>
              <CommentItem {...props} comment={child} />
            </li>
          ))}
        </ol>
      ) : null}
    </article>
  );
}

/** The author's edit form, with the version it edits. */
export function EditForm(props: { ctx: PageCtx; comment: CommentView }) {
  const { ctx, comment: c } = props;
  const { i } = ctx;
  return (
    <form method="post" class="stack" action={href(ctx, `/comments/${c.id}/edit`)}>
      <CsrfField token={ctx.csrf} />
      <input type="hidden" name="version" value={String(c.version)} />
      <label for={`e-${c.id}-body`}>{i.t("discussion.edit_label")}</label>
      <textarea id={`e-${c.id}-body`} name="body" class="short" required dir="auto">
        {c.body}
      </textarea>
      <label for={`e-${c.id}-lang`}>{i.t("discussion.lang_label")}</label>
      <LangSelect ctx={ctx} id={`e-${c.id}-lang`} value={c.lang} allowDetect={false} />
      <div>
        <button type="submit">{i.t("discussion.edit_submit")}</button>
      </div>
    </form>
  );
}
