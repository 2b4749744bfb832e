import { CsrfField } from "../../../platform/views/form";
import { href, type PageCtx } from "../../site/page-ctx";
import { Layout } from "../../site/views/layout";
import { log } from "../../../platform/log";
import type { NoticeView } from "../discussion.queries";
import { navCounts, type NavCounts } from "../discussion.sections";
import { noticeText, NOTICE_KINDS, type NoticeKind } from "../notify";

const isKind = (k: string): k is NoticeKind => (NOTICE_KINDS as readonly string[]).includes(k);

/** The viewer's notices: replies to their comments and moderation decisions about them. */
export function NotificationsPage(props: { ctx: PageCtx; notices: NoticeView[] }) {
  const { ctx } = props;
  const { i } = ctx;
  const unread = props.notices.some((n) => !n.read);
  return (
    <Layout ctx={ctx} title={i.t("discussion.notifications_title")}>
      <h1>{i.t("discussion.notifications_title")}</h1>
      {props.notices.length === 0 ? <p class="muted">{i.t("discussion.notifications_empty")}</p> : null}
      <ul class="notices">
        {props.notices.map((n) => (
          <li class={n.read ? "read" : "unread"}>
            {n.read ? null : <span class="badge">{i.t("discussion.notifications_new")}</span>}{" "}
            {n.statementId ? (
              <a href={href(ctx, `/statements/${n.statementId}#c-${n.commentId ?? ""}`)}>{isKind(n.kind) ? noticeText(i, n.kind, n.detail) : n.kind}</a>
            ) : isKind(n.kind) ? (
              noticeText(i, n.kind, n.detail)
            ) : (
              n.kind
            )}{" "}
            · <time datetime={n.createdAt}>{i.dateTime(n.createdAt)}</time>
          </li>
        ))}
      </ul>
      {unread ? (
        <form method="post" action={href(ctx, "/notifications/read")}>
          <CsrfField token={ctx.csrf} />
          <button type="submit" class="secondary">
            {i.t("discussion.notifications_mark_read")}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}

/**
 * Header links for signed-in people: notices with the unread count, and the queue for moderators,
 * counted while the page renders. Nothing for anonymous readers, so cached pages hold no one's counts.
 */
export async function DiscussionNav(props: { ctx: PageCtx }) {
  const { ctx } = props;
  const { i } = ctx;
  if (!ctx.viewer || !ctx.data) {
    return null;
  }
  let nav: NavCounts;
  try {
    nav = await navCounts(ctx.data, ctx.viewer);
  } catch (e) {
    log.error("server", "discussion_nav_failed", { message: e instanceof Error ? e.message : String(e) });
    return null;
  }
  return (
    <>
      <li>
        <a href={href(ctx, "/notifications")}>{i.t("discussion.nav_notifications", { n: nav.unread })}</a>
      </li>
      {nav.queue !== null ? (
        <li>
          <a href={href(ctx, "/moderation")}>{i.t("discussion.nav_moderation", { n: nav.queue })}</a>
        </li>
      ) : null}
    </>
  );
}
