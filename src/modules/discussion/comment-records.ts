// What the discussion writes on behalf of moderation and erasure: the append-only moderation
// log, and erasing a comment's text (or all of an account's) everywhere the discussion keeps it.
import { isoNow, type Clock } from "../../platform/clock";
import type { DbContext } from "../database";

type Tx = DbContext & { clock: Clock };

/** Appends one line to the moderation log. There is no function to change or remove one. */
export async function logModeration(
  ctx: Tx,
  entry: {
    actorId: string | null;
    action: string;
    commentId?: string | null;
    statementId?: string | null;
    targetUserId?: string | null;
    category?: string | null;
    until?: string | null;
  },
): Promise<void> {
  await ctx.db
    .insertInto("moderation_log")
    .values({
      at: isoNow(ctx.clock),
      actor_id: entry.actorId,
      action: entry.action,
      comment_id: entry.commentId ?? null,
      statement_id: entry.statementId ?? null,
      target_user_id: entry.targetUserId ?? null,
      category: entry.category ?? null,
      until: entry.until ?? null,
    })
    .execute();
}

/**
 * Erases a comment's text everywhere the discussion keeps it: the body and its hash, every human
 * translation, and the notes of reports about it (which may quote it). Rows stay, so replies keep
 * their place and the audit log keeps its ids.
 */
export async function eraseText(tx: Tx, commentId: string, status: "removed" | "deleted"): Promise<void> {
  await tx.db
    .updateTable("comments")
    .set({ body: "", body_hash: null, status, hold_reasons: "", moderated_at: status === "deleted" ? isoNow(tx.clock) : null })
    .where("id", "=", commentId)
    .execute();
  await tx.db.deleteFrom("comment_translations").where("comment_id", "=", commentId).execute();
  await tx.db.updateTable("comment_reports").set({ note: "" }).where("comment_id", "=", commentId).execute();
}

/**
 * A deleted account's comments: their text is erased (replies keep a "removed" placeholder), its
 * translations of others' comments and its notices go. Runs in the deletion's transaction.
 */
export async function eraseCommentsOf(tx: Tx, userId: string): Promise<void> {
  const own = await tx.db.selectFrom("comments").select("id").where("author_id", "=", userId).execute();
  for (const { id } of own) {
    await eraseText(tx, id, "removed");
  }
  await tx.db.deleteFrom("comment_translations").where("translator_id", "=", userId).execute();
  await tx.db.deleteFrom("comment_notifications").where("user_id", "=", userId).execute();
}
