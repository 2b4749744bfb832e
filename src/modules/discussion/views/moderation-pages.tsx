import { raw } from "hono/html";
import { autonymOf, CONTENT_LANGUAGES, directionOf } from "../../../platform/i18n/languages";
import type { Translator } from "../../../platform/i18n/translator";
import { CsrfField, Notice } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { HOLD_REASONS } from "../comment.model";
import { renderCommentMarkdown } from "../comment.markdown";
import type { AuditEntry, QueueFilter, QueueItem } from "../discussion.queries";
import { hideReasonLabel } from "../notify";
import { ModerationActions, reportCategoryLabel } from "./comment-forms";

/** A list in the reader's language ("a, b, and c"; "a وb وc"; "a, b и c"). */
function listOf(i: Translator, items: string[]): string {
  return new Intl.ListFormat(i.lang, { style: "long", type: "conjunction" }).format(items);
}

/** Why a comment is held, in words. */
export function holdReasonLabel(i: Translator, reason: string): string {
  switch (reason) {
    case "new_account":
      return i.t("discussion.hold.new_account");
    case "premoderated":
      return i.t("discussion.hold.premoderated");
    case "duplicate":
      return i.t("discussion.hold.duplicate");
    case "wordlist":
      return i.t("discussion.hold.wordlist");
    case "doxxing":
      return i.t("discussion.hold.doxxing");
    default:
      return reason;
  }
}

function ModerationNav(props: { ctx: PageCtx; admin: boolean }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <p class="subnav">
      <a href={href(ctx, "/moderation")}>{i.t("discussion.queue_title")}</a> · <a href={href(ctx, "/moderation/log")}>{i.t("discussion.log_title")}</a>
      {props.admin ? (
        <>
          {" "}
          · <a href={href(ctx, "/moderation/wordlists")}>{i.t("discussion.wordlists_title")}</a>
        </>
      ) : null}
    </p>
  );
}

/** The moderation queue: held and reported comments with one-key actions. */
export function QueuePage(props: { ctx: PageCtx; items: QueueItem[]; filter: QueueFilter; notice?: string }) {
  const { ctx, filter } = props;
  const { i } = ctx;
  const next = href(ctx, "/moderation") + (ctx.path.includes("?") ? ctx.path.slice(ctx.path.indexOf("?")) : "");
  return (
    <Layout ctx={ctx} title={i.t("discussion.queue_title")}>
      <h1>{i.t("discussion.queue_title")}</h1>
      <ModerationNav ctx={ctx} admin={ctx.viewer?.role === "admin"} />
      <Notice text={props.notice} />
      <form method="get" class="filters" action={href(ctx, "/moderation")}>
        <label for="q-show">{i.t("discussion.queue_show")}</label>{" "}
        <select id="q-show" name="show">
          <option value="all" selected={filter.show === "all"}>
            {i.t("discussion.queue_all")}
          </option>
          <option value="held" selected={filter.show === "held"}>
            {i.t("discussion.queue_held")}
          </option>
          <option value="reported" selected={filter.show === "reported"}>
            {i.t("discussion.queue_reported")}
          </option>
        </select>{" "}
        <label for="q-reason">{i.t("discussion.queue_reason")}</label>{" "}
        <select id="q-reason" name="reason">
          <option value="">—</option>
          {HOLD_REASONS.map((r) => (
            <option value={r} selected={filter.reason === r}>
              {holdReasonLabel(i, r)}
            </option>
          ))}
        </select>{" "}
        <label for="q-lang">{i.t("discussion.lang_label")}</label>{" "}
        <select id="q-lang" name="lang">
          <option value="">—</option>
          {CONTENT_LANGUAGES.map((l) => (
            <option value={l.code} selected={filter.lang === l.code}>
              {l.autonym}
            </option>
          ))}
        </select>{" "}
        <button type="submit" class="secondary">
          {i.t("discussion.filter_submit")}
        </button>
      </form>
      <p class="muted">{i.t("discussion.queue_keys")}</p>
      {props.items.length === 0 ? <p>{i.t("discussion.queue_empty")}</p> : null}
      {props.items.map((item, n) => (
        <section class="queue-item" id={`q-${item.id}`}>
          <p class="comment-meta">
            <strong>{item.authorHandle ?? "—"}</strong> · <span class="lang-tag">{autonymOf(item.lang)}</span> ·{" "}
            <time datetime={item.createdAt}>{i.dateTime(item.createdAt)}</time> ·{" "}
            <a href={href(ctx, `/statements/${item.statementId}#c-${item.id}`)}>
              <bdi>{item.statementTitle}</bdi>
            </a>
            {item.status === "hidden" ? <> · {i.t("discussion.status.hidden")}</> : null}
            {item.status === "published" ? <> · {i.t("discussion.status.published")}</> : null}
          </p>
          {item.holdReasons.length > 0 ? (
            <p class="hold-reasons">
              {i.t("discussion.held_for", {
                reasons: listOf(
                  i,
                  item.holdReasons.map((r) => holdReasonLabel(i, r)),
                ),
              })}
            </p>
          ) : null}
          <div class="comment-body" lang={item.lang} dir={directionOf(item.lang)}>
            {raw(renderCommentMarkdown(item.body))}
          </div>
          {item.reports.length > 0 ? (
            <ul class="reports">
              {item.reports.map((r) => (
                <li>
                  {reportCategoryLabel(ctx, r.category)} · {r.reporterHandle ?? "—"}
                  {r.note ? (
                    <>
                      {" "}
                      · <q dir="auto">{r.note}</q>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <ModerationActions ctx={ctx} commentId={item.id} next={next} hasAuthor={item.authorId !== null} keys={n === 0} />
        </section>
      ))}
    </Layout>
  );
}

function actionLabel(i: Translator, action: string): string {
  switch (action) {
    case "hold":
      return i.t("discussion.log.hold");
    case "report":
      return i.t("discussion.log.report");
    case "approve":
      return i.t("discussion.log.approve");
    case "hide":
      return i.t("discussion.log.hide");
    case "delete":
      return i.t("discussion.log.delete");
    case "warn":
      return i.t("discussion.log.warn");
    case "suspend":
      return i.t("discussion.log.suspend");
    case "mode":
      return i.t("discussion.log.mode");
    default:
      return action;
  }
}

/** The append-only audit log: who did what to which comment, when, and why (a category). */
export function AuditLogPage(props: { ctx: PageCtx; entries: AuditEntry[] }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("discussion.log_title")}>
      <h1>{i.t("discussion.log_title")}</h1>
      <ModerationNav ctx={ctx} admin={ctx.viewer?.role === "admin"} />
      <p class="muted">{i.t("discussion.log_hint")}</p>
      <table class="audit-log">
        <thead>
          <tr>
            <th>#</th>
            <th>{i.t("field.date")}</th>
            <th>{i.t("discussion.log_actor")}</th>
            <th>{i.t("discussion.log_action")}</th>
            <th>{i.t("discussion.log_detail")}</th>
            <th>{i.t("discussion.log_target")}</th>
            <th>{i.t("discussion.log_comment")}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr data-action={e.action}>
              <td>{e.seq}</td>
              <td>{i.dateTime(e.at)}</td>
              <td>{e.actorHandle ?? i.t("discussion.log_system")}</td>
              <td>{actionLabel(i, e.action)}</td>
              <td>
                {e.category
                  ? e.action === "hold"
                    ? listOf(
                        i,
                        e.category.split(",").map((r) => holdReasonLabel(i, r)),
                      )
                    : e.action === "mode"
                      ? e.category
                      : hideReasonLabel(i, e.category)
                  : ""}
                {e.until ? i.t("discussion.log_until", { until: i.dateTime(e.until) }) : ""}
              </td>
              <td>{e.targetHandle ?? ""}</td>
              <td>
                {e.commentId && e.statementId ? (
                  <a href={href(ctx, `/statements/${e.statementId}#c-${e.commentId}`)}>
                    <code>{e.commentId}</code>
                  </a>
                ) : e.statementId ? (
                  <a href={href(ctx, `/statements/${e.statementId}#comments`)}>
                    <code>{e.statementId}</code>
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** Admins' word lists: one word or phrase a line, per language. */
export function WordListsPage(props: { ctx: PageCtx; lists: Array<{ lang: string; words: string; updatedAt: string }>; notice?: string }) {
  const { ctx } = props;
  const { i } = ctx;
  return (
    <Layout ctx={ctx} title={i.t("discussion.wordlists_title")}>
      <h1>{i.t("discussion.wordlists_title")}</h1>
      <ModerationNav ctx={ctx} admin />
      <Notice text={props.notice} />
      <p class="muted">{i.t("discussion.wordlists_hint")}</p>
      {CONTENT_LANGUAGES.map((l) => {
        const list = props.lists.find((x) => x.lang === l.code);
        return (
          <form method="post" class="stack" action={href(ctx, "/moderation/wordlists")}>
            <CsrfField token={ctx.csrf} />
            <input type="hidden" name="lang" value={l.code} />
            <label for={`wl-${l.code}`} lang={l.code}>
              {l.autonym}
            </label>
            <textarea id={`wl-${l.code}`} name="words" class="short" lang={l.code} dir={l.dir}>
              {list?.words ?? ""}
            </textarea>
            <div>
              <button type="submit" class="secondary">
                {i.t("discussion.wordlists_save")}
              </button>
            </div>
          </form>
        );
      })}
    </Layout>
  );
}
