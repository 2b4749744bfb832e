import nodemailer, { type Transporter } from "nodemailer";
import type { Clock } from "../../platform/clock";
import { isoNow } from "../../platform/clock";
import { newId } from "../../platform/ids";
import { isUiLang, type UiLang } from "../../platform/i18n/languages";
import { translatorFor, type Translator } from "../../platform/i18n/translator";
import { log } from "../../platform/log";
import type { Db } from "../database";

export const NOTICE_KINDS = ["reply", "approved", "hidden", "deleted", "warned", "suspended"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** An in-app notice for one person. It holds ids and a category, never the text of a comment. */
export interface Notice {
  userId: string;
  kind: NoticeKind;
  statementId: string | null;
  commentId: string | null;
  /** A hide reason or a suspension end, for the sentence shown. */
  detail: string;
}

/** Stores notices inside the caller's transaction. */
export async function addNotices(db: Db, clock: Clock, notices: Notice[]): Promise<void> {
  const at = isoNow(clock);
  for (const n of notices) {
    await db
      .insertInto("comment_notifications")
      .values({
        id: newId(),
        user_id: n.userId,
        kind: n.kind,
        statement_id: n.statementId,
        comment_id: n.commentId,
        detail: n.detail,
        created_at: at,
        read_at: null,
      })
      .execute();
  }
}

/** The sentence for a notice, in the reader's language. */
export function noticeText(i: Translator, kind: NoticeKind, detail: string): string {
  switch (kind) {
    case "reply":
      return i.t("discussion.notice.reply");
    case "approved":
      return i.t("discussion.notice.approved");
    case "hidden":
      return i.t("discussion.notice.hidden", { reason: hideReasonLabel(i, detail) });
    case "deleted":
      return i.t("discussion.notice.deleted");
    case "warned":
      return i.t("discussion.notice.warned");
    case "suspended":
      return i.t("discussion.notice.suspended", { until: detail === "" ? "" : i.dateTime(detail) });
  }
}

/** The public label of a hide reason (or a report category). */
export function hideReasonLabel(i: Translator, reason: string): string {
  switch (reason) {
    case "abuse":
      return i.t("discussion.reason.abuse");
    case "harassment":
      return i.t("discussion.reason.harassment");
    case "doxxing":
      return i.t("discussion.reason.doxxing");
    case "spam":
      return i.t("discussion.reason.spam");
    case "disinformation":
      return i.t("discussion.reason.disinformation");
    case "off_topic":
      return i.t("discussion.reason.off_topic");
    default:
      return i.t("discussion.reason.other");
  }
}

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

export interface MailConfig {
  smtp: { url: string | null; from: string };
  baseUrl: string;
}

/**
 * Emails the notices to people who gave an address, when SMTP is configured. Runs after the
 * transaction, never awaited by the request: a mail server that is down is logged, not shown
 * to the person who acted. Mails name the page to open, never the comment text.
 */
export function emailNotices(ctx: { db: Db; config: MailConfig }, notices: Notice[]): Promise<void> {
  const url = ctx.config.smtp.url;
  if (url === null || notices.length === 0) {
    return Promise.resolve();
  }
  const run = async () => {
    const users = await ctx.db
      .selectFrom("users")
      .select(["id", "email", "locale"])
      .where(
        "id",
        "in",
        notices.map((n) => n.userId),
      )
      .execute();
    for (const n of notices) {
      const user = users.find((u) => u.id === n.userId);
      if (!user?.email) {
        continue;
      }
      const lang: UiLang = user.locale && isUiLang(user.locale) ? user.locale : "en";
      const i = translatorFor(lang);
      const link =
        n.statementId !== null
          ? `${ctx.config.baseUrl}/${lang}/statements/${n.statementId}#c-${n.commentId ?? ""}`
          : `${ctx.config.baseUrl}/${lang}/notifications`;
      await transportFor(url).sendMail({
        from: ctx.config.smtp.from,
        to: user.email,
        subject: i.t("discussion.email.subject"),
        text: `${noticeText(i, n.kind, n.detail)}\n\n${link}\n\n${i.t("discussion.email.footer", { url: `${ctx.config.baseUrl}/${lang}/notifications` })}\n`,
      });
    }
  };
  return run().catch((e: unknown) => log.error("server", "discussion_email_failed", { message: e instanceof Error ? e.message : String(e) }));
}
