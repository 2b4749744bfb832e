import type { Clock } from "../../platform/clock";
import { isoNow } from "../../platform/clock";
import type { Config } from "../../platform/config";
import type { RateLimiter } from "../../platform/http/rate-limit";
import { newId } from "../../platform/ids";
import { err, ok, type Result } from "../../platform/result";
import type { Role, Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import { canPublishAsGroup, membershipOf, type GroupStatus } from "../groups";
import { canEditComment, holdReasons, isGone, isModerator, MAX_DEPTH, detectLang, type DiscussionMode } from "./comment.model";
import type { EditCommentCommand, PostCommentCommand, ReportCommentCommand, TranslateCommentCommand } from "./discussion.commands";
import { discussionMode, wordListFor } from "./discussion.queries";
import { addNotices, emailNotices, type Notice } from "./notify";
import { eraseText, logModeration } from "./comment-records";
import { forgetMachineTranslations } from "./comment-mt.service";
import { hashOf, rateLimit, screen, standingOf, viewerIsTrusted } from "./comment-screening";

export { eraseCommentsOf, eraseText, logModeration } from "./comment-records";
export { standingOf, viewerIsTrusted } from "./comment-screening";
export { forgetMachineTranslations, machineTranslation, type MachineTranslationDeps, type MachineTranslationError } from "./comment-mt.service";

export interface DiscussionDeps extends DbContext {
  clock: Clock;
  config: Pick<Config, "premoderateComments" | "smtp" | "baseUrl">;
  limits: { commentBurst: RateLimiter; commentDaily: RateLimiter };
}

export type DiscussionError =
  | { type: "not-found" }
  | { type: "forbidden" }
  | { type: "retracted" }
  | { type: "closed" }
  | { type: "too-deep" }
  | { type: "parent-unavailable" }
  | { type: "rate-limited"; seconds: number }
  | { type: "too-many-links"; limit: number }
  | { type: "duplicate" }
  | { type: "suspended"; until: string }
  | { type: "already-removed" }
  | { type: "already-reported" }
  | { type: "edit-window" }
  | { type: "stale" }
  | { type: "same-language" }
  /** A moderator closed the thread: the statement's group may not reopen it. */
  | { type: "closed-by-moderator" }
  /** A human translation carrying what would hold a comment (personal data, a listed word): it is not published. */
  | { type: "translation-held" };

/** Runs `fn` in a transaction, then sends the emails of the notices it created. */
export async function inTx<T>(
  deps: DiscussionDeps,
  fn: (tx: DiscussionDeps, notices: Notice[]) => Promise<Result<T, DiscussionError>>,
): Promise<Result<T, DiscussionError>> {
  const notices: Notice[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    const r = await fn(tx, notices);
    if (r.ok) {
      await addNotices(trx, deps.clock, notices);
    }
    return r;
  });
  if (result.ok) {
    void emailNotices(deps, notices);
  }
  return result;
}

/** The notice for the author of the parent comment, when a reply to it becomes visible. */
export async function replyNotice(
  ctx: DbContext,
  comment: { id: string; parent_id: string | null; author_id: string | null; statement_id: string },
): Promise<Notice[]> {
  if (comment.parent_id === null) {
    return [];
  }
  const parent = await ctx.db.selectFrom("comments").select(["author_id", "status"]).where("id", "=", comment.parent_id).executeTakeFirst();
  if (!parent?.author_id || parent.author_id === comment.author_id || isGone(parent.status)) {
    return [];
  }
  return [{ userId: parent.author_id, kind: "reply", statementId: comment.statement_id, commentId: comment.id, detail: "" }];
}

async function suspendedUntil(tx: DiscussionDeps, viewer: Viewer): Promise<string | null> {
  const s = await standingOf(tx, viewer.id);
  return s.suspendedUntil !== null && s.suspendedUntil > isoNow(tx.clock) ? s.suspendedUntil : null;
}

/**
 * Whether the thread is closed by someone who did not speak for the statement's group: a moderator,
 * someone no longer in the group, or an account since deleted. Such a close is not the group's to undo.
 */
async function closedByModerator(tx: DiscussionDeps, statementId: string, groupId: string): Promise<boolean> {
  const setting = await tx.db
    .selectFrom("discussion_settings")
    .leftJoin("users", "users.id", "discussion_settings.updated_by")
    .select(["discussion_settings.mode", "discussion_settings.updated_by", "users.role"])
    .where("discussion_settings.statement_id", "=", statementId)
    .executeTakeFirst();
  if (setting?.mode !== "closed") {
    return false;
  }
  if (setting.updated_by === null || setting.role === null || isModerator({ role: setting.role as Role })) {
    return true;
  }
  const closer = await membershipOf(tx, groupId, setting.updated_by);
  return closer?.accepted !== true;
}

export const discussionService = {
  /**
   * Posts a comment or a reply. Refused on retracted statements, closed threads, too deep
   * replies, over the rate limits, with too many links for a new account, or as a duplicate;
   * held for review (status pending) for new accounts, pre-moderated threads, word-list
   * matches, duplicates by others and personal data.
   */
  async post(
    deps: DiscussionDeps,
    viewer: Viewer,
    statementId: string,
    cmd: PostCommentCommand,
    sessionKey: string | null,
  ): Promise<Result<{ id: string; status: "pending" | "published" }, DiscussionError>> {
    const statement = await deps.db.selectFrom("statements").select(["id", "status", "group_id"]).where("id", "=", statementId).executeTakeFirst();
    if (!statement) {
      return err({ type: "not-found" });
    }
    if (statement.status === "retracted") {
      return err({ type: "retracted" });
    }
    const mode = await discussionMode(deps, statementId);
    if (mode === "closed") {
      return err({ type: "closed" });
    }
    const until = await suspendedUntil(deps, viewer);
    if (until !== null) {
      return err({ type: "suspended", until });
    }
    let depth = 0;
    if (cmd.parentId !== null) {
      const parent = await deps.db.selectFrom("comments").select(["statement_id", "depth", "status"]).where("id", "=", cmd.parentId).executeTakeFirst();
      if (!parent || parent.statement_id !== statementId || parent.status !== "published") {
        return err({ type: "parent-unavailable" });
      }
      if (parent.depth >= MAX_DEPTH) {
        return err({ type: "too-deep" });
      }
      depth = parent.depth + 1;
    }
    const wait = rateLimit(deps, viewer, sessionKey);
    if (wait > 0) {
      return err({ type: "rate-limited", seconds: wait });
    }
    const lang = cmd.lang ?? detectLang(cmd.body, cmd.readingLang);
    return inTx(deps, async (tx, notices) => {
      const screened = await screen(tx, viewer, { body: cmd.body, lang, statementId, groupId: statement.group_id, mode });
      if (!screened.ok) {
        return screened;
      }
      const status = screened.value.reasons.length > 0 ? "pending" : "published";
      const row = {
        id: newId(),
        statement_id: statementId,
        parent_id: cmd.parentId,
        depth,
        author_id: viewer.id,
        lang,
        reading_lang: cmd.readingLang,
        body: cmd.body,
        body_hash: hashOf(cmd.body),
        status,
        hold_reasons: screened.value.reasons.join(","),
        hidden_reason: null,
        version: 1,
        created_at: isoNow(tx.clock),
        edited_at: null,
        moderated_at: null,
      };
      await tx.db.insertInto("comments").values(row).execute();
      if (status === "pending") {
        await logModeration(tx, { actorId: null, action: "hold", commentId: row.id, statementId, targetUserId: viewer.id, category: row.hold_reasons });
      } else {
        notices.push(...(await replyNotice(tx, row)));
      }
      return ok({ id: row.id, status });
    });
  },

  /** The author edits within the edit window; the text is screened again and may go back to the queue. */
  async edit(
    deps: DiscussionDeps,
    viewer: Viewer,
    commentId: string,
    cmd: EditCommentCommand,
  ): Promise<Result<{ statementId: string; status: string }, DiscussionError>> {
    const until = await suspendedUntil(deps, viewer);
    if (until !== null) {
      return err({ type: "suspended", until });
    }
    return inTx(deps, async (tx) => {
      const c = await tx.db.selectFrom("comments").selectAll().where("id", "=", commentId).executeTakeFirst();
      if (!c) {
        return err({ type: "not-found" });
      }
      if (c.author_id !== viewer.id) {
        return err({ type: "forbidden" });
      }
      if (!canEditComment({ authorId: c.author_id, status: c.status, createdAt: c.created_at }, viewer.id, tx.clock.now())) {
        return isGone(c.status) ? err({ type: "already-removed" }) : err({ type: "edit-window" });
      }
      if (c.version !== cmd.version) {
        return err({ type: "stale" });
      }
      const statement = await tx.db.selectFrom("statements").select(["status", "group_id"]).where("id", "=", c.statement_id).executeTakeFirstOrThrow();
      const mode = await discussionMode(tx, c.statement_id);
      if (statement.status === "retracted") {
        return err({ type: "retracted" });
      }
      if (mode === "closed") {
        return err({ type: "closed" });
      }
      const lang = cmd.lang ?? c.lang;
      const screened = await screen(tx, viewer, { body: cmd.body, lang, statementId: c.statement_id, groupId: statement.group_id, mode, excludeId: c.id });
      if (!screened.ok) {
        return screened;
      }
      // An approved comment of a new account goes back to the queue when edited: approval covered
      // the text the moderator saw, not a new one.
      const reasons = screened.value.reasons;
      const status = reasons.length > 0 ? "pending" : "published";
      const updated = await tx.db
        .updateTable("comments")
        .set({
          body: cmd.body,
          body_hash: hashOf(cmd.body),
          lang,
          status,
          hold_reasons: reasons.join(","),
          edited_at: isoNow(tx.clock),
          version: c.version + 1,
        })
        .where("id", "=", c.id)
        .where("version", "=", c.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        return err({ type: "stale" });
      }
      forgetMachineTranslations(c.id);
      if (status === "pending") {
        await logModeration(tx, {
          actorId: null,
          action: "hold",
          commentId: c.id,
          statementId: c.statement_id,
          targetUserId: viewer.id,
          category: reasons.join(","),
        });
      }
      return ok({ statementId: c.statement_id, status });
    });
  },

  /**
   * The author deletes their comment: the text is erased; replies keep a "removed" placeholder.
   * Allowed while suspended too: it only takes content away.
   */
  async remove(deps: DiscussionDeps, viewer: Viewer, commentId: string): Promise<Result<{ statementId: string }, DiscussionError>> {
    return inTx(deps, async (tx) => {
      const c = await tx.db.selectFrom("comments").select(["author_id", "status", "statement_id"]).where("id", "=", commentId).executeTakeFirst();
      if (!c) {
        return err({ type: "not-found" });
      }
      if (c.author_id !== viewer.id) {
        return err({ type: "forbidden" });
      }
      if (isGone(c.status)) {
        return err({ type: "already-removed" });
      }
      await eraseText(tx, commentId, "removed");
      forgetMachineTranslations(commentId);
      return ok({ statementId: c.statement_id });
    });
  },

  /** Anyone signed in (and not suspended) reports a visible comment, once. */
  async report(deps: DiscussionDeps, viewer: Viewer, commentId: string, cmd: ReportCommentCommand): Promise<Result<{ statementId: string }, DiscussionError>> {
    const until = await suspendedUntil(deps, viewer);
    if (until !== null) {
      return err({ type: "suspended", until });
    }
    return inTx(deps, async (tx) => {
      const c = await tx.db.selectFrom("comments").select(["status", "statement_id", "author_id"]).where("id", "=", commentId).executeTakeFirst();
      // A held comment is seen only by its author and moderators: to anyone else it does not exist.
      if (!c || (c.status === "pending" && c.author_id !== viewer.id && !isModerator(viewer))) {
        return err({ type: "not-found" });
      }
      if (c.status !== "published" && c.status !== "pending") {
        return err({ type: "already-removed" });
      }
      const earlier = await tx.db
        .selectFrom("comment_reports")
        .select("id")
        .where("comment_id", "=", commentId)
        .where("reporter_id", "=", viewer.id)
        .executeTakeFirst();
      if (earlier) {
        return err({ type: "already-reported" });
      }
      await tx.db
        .insertInto("comment_reports")
        .values({
          id: newId(),
          comment_id: commentId,
          reporter_id: viewer.id,
          category: cmd.category,
          note: cmd.note,
          status: "open",
          created_at: isoNow(tx.clock),
          resolved_at: null,
        })
        .execute();
      await logModeration(tx, {
        actorId: viewer.id,
        action: "report",
        commentId,
        statementId: c.statement_id,
        targetUserId: c.author_id,
        category: cmd.category,
      });
      return ok({ statementId: c.statement_id });
    });
  },

  /** A trusted volunteer adds (or replaces) a human translation of a visible comment. */
  async translate(
    deps: DiscussionDeps,
    viewer: Viewer,
    commentId: string,
    cmd: TranslateCommentCommand,
  ): Promise<Result<{ statementId: string }, DiscussionError>> {
    if (!isModerator(viewer) && !(await viewerIsTrusted(deps, viewer))) {
      return err({ type: "forbidden" });
    }
    const until = await suspendedUntil(deps, viewer);
    if (until !== null) {
      return err({ type: "suspended", until });
    }
    const wait = rateLimit(deps, viewer, null);
    if (wait > 0) {
      return err({ type: "rate-limited", seconds: wait });
    }
    return inTx(deps, async (tx) => {
      const c = await tx.db.selectFrom("comments").select(["status", "statement_id", "lang"]).where("id", "=", commentId).executeTakeFirst();
      if (!c) {
        return err({ type: "not-found" });
      }
      if (c.status !== "published") {
        return err({ type: "already-removed" });
      }
      if (c.lang === cmd.lang) {
        return err({ type: "same-language" });
      }
      // A translation is published at once, so what would hold a comment refuses it.
      const held = holdReasons({
        body: cmd.body,
        trusted: true,
        mode: "open",
        exemptFromPremoderation: true,
        duplicateByOthers: false,
        words: await wordListFor(tx, cmd.lang),
      });
      if (held.length > 0) {
        return err({ type: "translation-held" });
      }
      // One volunteer's translation is not someone else's to replace (moderators may).
      const existing = await tx.db
        .selectFrom("comment_translations")
        .select("translator_id")
        .where("comment_id", "=", commentId)
        .where("lang", "=", cmd.lang)
        .executeTakeFirst();
      if (existing && existing.translator_id !== null && existing.translator_id !== viewer.id && !isModerator(viewer)) {
        return err({ type: "forbidden" });
      }
      const row = { comment_id: commentId, lang: cmd.lang, body: cmd.body, translator_id: viewer.id, created_at: isoNow(tx.clock) };
      await tx.db
        .insertInto("comment_translations")
        .values(row)
        .onConflict((oc) => oc.columns(["comment_id", "lang"]).doUpdateSet({ body: cmd.body, translator_id: viewer.id, created_at: row.created_at }))
        .execute();
      return ok({ statementId: c.statement_id });
    });
  },

  /**
   * The statement's group (an accepted member) or a moderator opens, pre-moderates or closes its
   * discussion. A thread closed by a moderator (or by anyone not speaking for the group) stays
   * closed for the group: only moderators reopen it.
   */
  async setMode(deps: DiscussionDeps, viewer: Viewer, statementId: string, mode: DiscussionMode): Promise<Result<null, DiscussionError>> {
    return inTx(deps, async (tx) => {
      const statement = await tx.db.selectFrom("statements").select(["group_id"]).where("id", "=", statementId).executeTakeFirst();
      if (!statement) {
        return err({ type: "not-found" });
      }
      const member = await membershipOf(tx, statement.group_id, viewer.id);
      // Members act for their group only while it may publish (not once it is suspended).
      const group = await tx.db.selectFrom("groups").select("status").where("id", "=", statement.group_id).executeTakeFirst();
      const activeMember = member?.accepted === true && group !== undefined && canPublishAsGroup(group.status as GroupStatus);
      if (!isModerator(viewer) && !activeMember) {
        return err({ type: "forbidden" });
      }
      if (!isModerator(viewer) && (await closedByModerator(tx, statementId, statement.group_id))) {
        // Closing it again changes nothing, and must not make the close the group's own to undo.
        return mode === "closed" ? ok(null) : err({ type: "closed-by-moderator" });
      }
      const at = isoNow(tx.clock);
      await tx.db
        .insertInto("discussion_settings")
        .values({ statement_id: statementId, mode, updated_by: viewer.id, updated_at: at })
        .onConflict((oc) => oc.column("statement_id").doUpdateSet({ mode, updated_by: viewer.id, updated_at: at }))
        .execute();
      await logModeration(tx, { actorId: viewer.id, action: "mode", statementId, category: mode });
      return ok(null);
    });
  },

  /** Marks all of the viewer's notices read. */
  async markAllRead(deps: DiscussionDeps, viewer: Viewer): Promise<void> {
    await deps.db
      .updateTable("comment_notifications")
      .set({ read_at: isoNow(deps.clock) })
      .where("user_id", "=", viewer.id)
      .where("read_at", "is", null)
      .execute();
  },

  /** Admins replace the word list of one language (no list is shipped). */
  async saveWordList(deps: DiscussionDeps, viewer: Viewer, lang: string, words: string): Promise<Result<null, DiscussionError>> {
    if (viewer.role !== "admin") {
      return err({ type: "forbidden" });
    }
    const at = isoNow(deps.clock);
    await deps.db
      .insertInto("discussion_wordlists")
      .values({ lang, words, updated_by: viewer.id, updated_at: at })
      .onConflict((oc) => oc.column("lang").doUpdateSet({ words, updated_by: viewer.id, updated_at: at }))
      .execute();
    return ok(null);
  },
};
