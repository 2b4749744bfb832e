import type { Db } from "../database";
import { isGone } from "../discussion/comment.model";
import { hiddenStatementIds, keyset, type ExportRecord } from "./export-directory.queries";
import { compareText, int } from "./portability.model";

/**
 * Comments whose author or text a reader can see: published or hidden (hidden ones show their
 * author and public reason), on a public statement, with no held comment above them (a held
 * comment hides its whole branch, see discussion.queries `threadFor`). Threads are at most
 * three levels deep (`MAX_DEPTH` 2), so a parent and a grandparent are all there is above.
 */
export function shownCommentIds(db: Db, statuses: Array<"published" | "hidden">) {
  return db
    .selectFrom("comments as c")
    .leftJoin("comments as p", "p.id", "c.parent_id")
    .leftJoin("comments as g", "g.id", "p.parent_id")
    .select("c.id")
    .where("c.status", "in", statuses)
    .where((eb) => eb.or([eb("p.status", "is", null), eb("p.status", "!=", "pending")]))
    .where((eb) => eb.or([eb("g.status", "is", null), eb("g.status", "!=", "pending")]))
    .where("c.statement_id", "not in", hiddenStatementIds(db));
}

/** Accounts the discussion records name: authors of shown comments, for `referencedUsers`. */
export function commentAuthorIds(db: Db) {
  return db
    .selectFrom("comments")
    .select("comments.author_id as id")
    .where("comments.id", "in", shownCommentIds(db, ["published", "hidden"]));
}

/** Volunteers whose translations readers see (under published comments), for `referencedUsers`. */
export function commentTranslatorIds(db: Db) {
  return db
    .selectFrom("comment_translations")
    .select("comment_translations.translator_id as id")
    .where("comment_translations.comment_id", "in", shownCommentIds(db, ["published"]));
}

export interface ThreadRow {
  id: string;
  parent_id: string | null;
  depth: number;
  status: string;
}

/**
 * The comments of one thread a reader sees, in file order (depth, then id: a parent always
 * comes before its replies). The same rule as the page for someone not signed in: held
 * comments and everything below them are left out; a removed or deleted comment stays, as a
 * placeholder, only while a reply below it is still shown.
 */
export function publicThread<R extends ThreadRow>(rows: R[]): R[] {
  const byDepth = [...rows].sort((a, b) => a.depth - b.depth || compareText(a.id, b.id));
  const shown = new Map<string, R>();
  for (const r of byDepth) {
    if (r.status !== "pending" && (r.parent_id === null || shown.has(r.parent_id))) {
      shown.set(r.id, r);
    }
  }
  // Deepest first, so that every reply is decided before its parent.
  const kept = new Set<string>();
  const withKeptReply = new Set<string>();
  for (const r of [...shown.values()].reverse()) {
    if (!isGone(r.status) || withKeptReply.has(r.id)) {
      kept.add(r.id);
      if (r.parent_id !== null) {
        withKeptReply.add(r.parent_id);
      }
    }
  }
  return [...shown.values()].filter((r) => kept.has(r.id));
}

/**
 * The discussion in file order: discussion modes other than open (a closed or pre-moderated
 * thread says so on the page), the comments readers see, and the human translations shown
 * under published comments. Reports, the moderation log, notices, standing and word lists are
 * moderation data and never read here.
 */
export async function* discussionRecords(db: Db): AsyncGenerator<ExportRecord> {
  const hidden = hiddenStatementIds(db);

  // Who changed the mode is left out: it may be a member of the group.
  for await (const s of keyset((after: { statement_id: string } | null, limit: number) => {
    let q = db
      .selectFrom("discussion_settings")
      .select(["statement_id", "mode", "updated_at"])
      .where("mode", "in", ["premoderated", "closed"])
      .where("statement_id", "not in", hidden);
    if (after) {
      q = q.where("statement_id", ">", after.statement_id);
    }
    return q.orderBy("statement_id").limit(limit).execute();
  })) {
    yield ["discussion_setting", { ...s }];
  }

  // One thread at a time: a thread is what a page shows, so it fits in memory.
  for await (const s of keyset((after: { statement_id: string } | null, limit: number) => {
    let q = db.selectFrom("comments").select("statement_id").distinct().where("statement_id", "not in", hidden);
    if (after) {
      q = q.where("statement_id", ">", after.statement_id);
    }
    return q.orderBy("statement_id").limit(limit).execute();
  })) {
    const rows = await db
      .selectFrom("comments")
      .leftJoin("users", "users.id", "comments.author_id")
      .select([
        "comments.id",
        "comments.statement_id",
        "comments.parent_id",
        "comments.depth",
        "users.handle as author",
        "comments.lang",
        "comments.reading_lang",
        "comments.status",
        "comments.body",
        "comments.hidden_reason",
        "comments.created_at",
        "comments.edited_at",
      ])
      .where("comments.statement_id", "=", s.statement_id)
      .execute();
    for (const c of publicThread(rows.map((r) => ({ ...r, depth: int(r.depth) })))) {
      const gone = isGone(c.status);
      yield [
        "comment",
        {
          ...c,
          author: gone ? null : (c.author ?? null),
          body: c.status === "published" ? c.body : "",
          hidden_reason: c.status === "hidden" ? c.hidden_reason : null,
        },
      ];
    }
  }

  for await (const t of keyset((after: { comment_id: string; lang: string } | null, limit: number) => {
    let q = db
      .selectFrom("comment_translations")
      .leftJoin("users", "users.id", "comment_translations.translator_id")
      .select([
        "comment_translations.comment_id",
        "comment_translations.lang",
        "comment_translations.body",
        "users.handle as translator",
        "comment_translations.created_at",
      ])
      .where("comment_translations.comment_id", "in", shownCommentIds(db, ["published"]));
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) =>
        eb(refTuple("comment_translations.comment_id", "comment_translations.lang"), ">", tuple(after.comment_id, after.lang)),
      );
    }
    return q.orderBy("comment_translations.comment_id").orderBy("comment_translations.lang").limit(limit).execute();
  })) {
    yield ["comment_translation", { ...t, translator: t.translator ?? null }];
  }
}
