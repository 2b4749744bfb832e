import type { DbContext } from "../database";
import { isGone, parseWordList, type DiscussionMode } from "./comment.model";

/** The discussion mode of a statement (open when nobody changed it). */
export async function discussionMode(ctx: DbContext, statementId: string): Promise<DiscussionMode> {
  const row = await ctx.db.selectFrom("discussion_settings").select("mode").where("statement_id", "=", statementId).executeTakeFirst();
  return row?.mode === "closed" || row?.mode === "premoderated" ? row.mode : "open";
}

/** The parsed word list of one language (empty when none was written). */
export async function wordListFor(ctx: DbContext, lang: string): Promise<string[]> {
  const row = await ctx.db.selectFrom("discussion_wordlists").select("words").where("lang", "=", lang).executeTakeFirst();
  return row ? parseWordList(row.words) : [];
}

export async function allWordLists(ctx: DbContext): Promise<Array<{ lang: string; words: string; updatedAt: string }>> {
  const rows = await ctx.db.selectFrom("discussion_wordlists").select(["lang", "words", "updated_at"]).orderBy("lang").execute();
  return rows.map((r) => ({ lang: r.lang, words: r.words, updatedAt: r.updated_at }));
}

export interface CommentTranslationView {
  lang: string;
  body: string;
  translatorHandle: string | null;
}

export interface CommentView {
  id: string;
  statementId: string;
  parentId: string | null;
  depth: number;
  authorId: string | null;
  authorHandle: string | null;
  lang: string;
  readingLang: string;
  body: string;
  status: string;
  holdReasons: string[];
  hiddenReason: string | null;
  version: number;
  createdAt: string;
  editedAt: string | null;
  translations: CommentTranslationView[];
  children: CommentView[];
}

const commentColumns = [
  "comments.id",
  "comments.statement_id",
  "comments.parent_id",
  "comments.depth",
  "comments.author_id",
  "comments.lang",
  "comments.reading_lang",
  "comments.body",
  "comments.status",
  "comments.hold_reasons",
  "comments.hidden_reason",
  "comments.version",
  "comments.created_at",
  "comments.edited_at",
  "users.handle",
] as const;

type CommentRow = {
  id: string;
  statement_id: string;
  parent_id: string | null;
  depth: number;
  author_id: string | null;
  lang: string;
  reading_lang: string;
  body: string;
  status: string;
  hold_reasons: string;
  hidden_reason: string | null;
  version: number;
  created_at: string;
  edited_at: string | null;
  handle: string | null;
};

function toView(r: CommentRow, translations: CommentTranslationView[]): CommentView {
  return {
    id: r.id,
    statementId: r.statement_id,
    parentId: r.parent_id,
    depth: r.depth,
    authorId: r.author_id,
    authorHandle: r.handle,
    lang: r.lang,
    readingLang: r.reading_lang,
    body: r.body,
    status: r.status,
    holdReasons: r.hold_reasons === "" ? [] : r.hold_reasons.split(","),
    hiddenReason: r.hidden_reason,
    version: r.version,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    translations,
    children: [],
  };
}

async function translationsOf(ctx: DbContext, ids: string[]): Promise<Map<string, CommentTranslationView[]>> {
  const out = new Map<string, CommentTranslationView[]>();
  if (ids.length === 0) {
    return out;
  }
  const rows = await ctx.db
    .selectFrom("comment_translations")
    .leftJoin("users", "users.id", "comment_translations.translator_id")
    .select(["comment_translations.comment_id", "comment_translations.lang", "comment_translations.body", "users.handle"])
    .where("comment_translations.comment_id", "in", ids)
    .orderBy("comment_translations.lang")
    .execute();
  for (const r of rows) {
    out.set(r.comment_id, [...(out.get(r.comment_id) ?? []), { lang: r.lang, body: r.body, translatorHandle: r.handle }]);
  }
  return out;
}

/** One comment with its author, for the edit, report and translation pages. */
export async function getComment(ctx: DbContext, id: string): Promise<CommentView | null> {
  const row = await ctx.db
    .selectFrom("comments")
    .leftJoin("users", "users.id", "comments.author_id")
    .select(commentColumns)
    .where("comments.id", "=", id)
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  return toView(row, (await translationsOf(ctx, [id])).get(id) ?? []);
}

/**
 * The thread under a statement as a tree, oldest first. Pending comments are shown to their
 * author and to moderators only; removed and deleted ones stay as placeholders only while a
 * visible reply hangs below them, and never carry text.
 */
export async function threadFor(
  ctx: DbContext,
  statementId: string,
  viewer: { id: string; moderator: boolean } | null,
): Promise<{ roots: CommentView[]; count: number }> {
  const rows = await ctx.db
    .selectFrom("comments")
    .leftJoin("users", "users.id", "comments.author_id")
    .select(commentColumns)
    .where("comments.statement_id", "=", statementId)
    .orderBy("comments.created_at")
    .orderBy("comments.id")
    .execute();
  const visible = rows.filter((r) => r.status !== "pending" || viewer?.moderator === true || (viewer !== null && r.author_id === viewer.id));
  const translations = await translationsOf(
    ctx,
    visible.filter((r) => r.status === "published").map((r) => r.id),
  );
  const byId = new Map<string, CommentView>();
  for (const r of visible) {
    byId.set(r.id, toView({ ...r, body: r.status === "hidden" || isGone(r.status) ? "" : r.body }, translations.get(r.id) ?? []));
  }
  const roots: CommentView[] = [];
  for (const view of byId.values()) {
    const parent = view.parentId === null ? undefined : byId.get(view.parentId);
    if (view.parentId === null) {
      roots.push(view);
    } else if (parent) {
      parent.children.push(view);
    }
  }
  // Drop gone comments with nothing visible below them, deepest first.
  const prune = (list: CommentView[]): CommentView[] =>
    list.filter((c) => {
      c.children = prune(c.children);
      return !isGone(c.status) || c.children.length > 0;
    });
  const pruned = prune(roots);
  const count = [...byId.values()].filter((c) => c.status === "published").length;
  return { roots: pruned, count };
}

export interface QueueItem extends CommentView {
  statementTitle: string;
  reports: Array<{ category: string; note: string; reporterHandle: string | null; createdAt: string }>;
}

export type QueueFilter = { show: "all" | "held" | "reported"; reason: string | null; lang: string | null };

/** The moderation queue: held comments and comments with open reports, oldest first. */
export async function moderationQueue(ctx: DbContext, filter: QueueFilter): Promise<QueueItem[]> {
  const reported = await ctx.db.selectFrom("comment_reports").select("comment_id").where("status", "=", "open").distinct().execute();
  const reportedIds = reported.map((r) => r.comment_id);
  let q = ctx.db
    .selectFrom("comments")
    .leftJoin("users", "users.id", "comments.author_id")
    .innerJoin("statements", "statements.id", "comments.statement_id")
    .select([...commentColumns, "statements.title"]);
  if (filter.show === "held") {
    q = q.where("comments.status", "=", "pending");
  } else if (filter.show === "reported") {
    q =
      reportedIds.length === 0
        ? q.where("comments.id", "=", "")
        : q.where("comments.id", "in", reportedIds).where("comments.status", "not in", ["removed", "deleted"]);
  } else {
    q = q.where((eb) =>
      eb.or([
        eb("comments.status", "=", "pending"),
        ...(reportedIds.length === 0 ? [] : [eb.and([eb("comments.id", "in", reportedIds), eb("comments.status", "not in", ["removed", "deleted"])])]),
      ]),
    );
  }
  if (filter.lang) {
    q = q.where("comments.lang", "=", filter.lang);
  }
  const rows = await q.orderBy("comments.created_at").limit(200).execute();
  const filtered = filter.reason ? rows.filter((r) => r.hold_reasons.split(",").includes(filter.reason ?? "")) : rows;
  const ids = filtered.map((r) => r.id);
  const reports =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom("comment_reports")
          .leftJoin("users", "users.id", "comment_reports.reporter_id")
          .select(["comment_reports.comment_id", "comment_reports.category", "comment_reports.note", "comment_reports.created_at", "users.handle"])
          .where("comment_reports.comment_id", "in", ids)
          .where("comment_reports.status", "=", "open")
          .orderBy("comment_reports.created_at")
          .execute();
  return filtered.map((r) => ({
    ...toView(r, []),
    statementTitle: r.title,
    reports: reports
      .filter((x) => x.comment_id === r.id)
      .map((x) => ({ category: x.category, note: x.note, reporterHandle: x.handle, createdAt: x.created_at })),
  }));
}

/** How many items wait for a moderator, for the header. */
export async function queueSize(ctx: DbContext): Promise<number> {
  const row = await ctx.db
    .selectFrom("comments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where((eb) =>
      eb.or([
        eb("comments.status", "=", "pending"),
        eb.and([
          eb("comments.status", "not in", ["removed", "deleted"]),
          eb.exists(
            eb
              .selectFrom("comment_reports")
              .select("comment_reports.id")
              .whereRef("comment_reports.comment_id", "=", "comments.id")
              .where("comment_reports.status", "=", "open"),
          ),
        ]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorHandle: string | null;
  action: string;
  commentId: string | null;
  statementId: string | null;
  targetHandle: string | null;
  category: string | null;
  until: string | null;
}

/** The moderation log, newest first. */
export async function auditLog(ctx: DbContext, limit = 300): Promise<AuditEntry[]> {
  const rows = await ctx.db
    .selectFrom("moderation_log")
    .leftJoin("users as actor", "actor.id", "moderation_log.actor_id")
    .leftJoin("users as target", "target.id", "moderation_log.target_user_id")
    .select([
      "moderation_log.seq",
      "moderation_log.at",
      "moderation_log.action",
      "moderation_log.comment_id",
      "moderation_log.statement_id",
      "moderation_log.category",
      "moderation_log.until",
      "actor.handle as actor_handle",
      "target.handle as target_handle",
    ])
    .orderBy("moderation_log.seq", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    actorHandle: r.actor_handle,
    action: r.action,
    commentId: r.comment_id,
    statementId: r.statement_id,
    targetHandle: r.target_handle,
    category: r.category,
    until: r.until,
  }));
}

export interface NoticeView {
  id: string;
  kind: string;
  statementId: string | null;
  commentId: string | null;
  detail: string;
  createdAt: string;
  read: boolean;
}

export async function noticesFor(ctx: DbContext, userId: string): Promise<NoticeView[]> {
  const rows = await ctx.db.selectFrom("comment_notifications").selectAll().where("user_id", "=", userId).orderBy("created_at", "desc").limit(100).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    statementId: r.statement_id,
    commentId: r.comment_id,
    detail: r.detail,
    createdAt: r.created_at,
    read: r.read_at !== null,
  }));
}

export async function unreadCount(ctx: DbContext, userId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom("comment_notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
