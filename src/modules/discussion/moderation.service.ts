import { isoNow } from "../../platform/clock";
import { err, exhaustiveCheck, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import { isGone, isModerator } from "./comment.model";
import type { ModerateCommentCommand } from "./discussion.commands";
import { eraseText, forgetMachineTranslations, inTx, logModeration, replyNotice, type DiscussionDeps, type DiscussionError } from "./discussion.service";

/** Closes the open reports about a comment once a moderator decided on it. */
async function resolveReports(tx: DiscussionDeps, commentId: string): Promise<void> {
  await tx.db
    .updateTable("comment_reports")
    .set({ status: "resolved", resolved_at: isoNow(tx.clock) })
    .where("comment_id", "=", commentId)
    .where("status", "=", "open")
    .execute();
}

export const moderationService = {
  /**
   * One moderator decision on a comment: approve (publish a held comment, or keep a reported one
   * and close its reports), hide with a public reason, delete for doxxing (the text is erased
   * from every table and the audit log records only the action), warn or suspend its author.
   * Every decision is appended to the moderation log and the author gets a notice.
   */
  async act(deps: DiscussionDeps, viewer: Viewer, commentId: string, cmd: ModerateCommentCommand): Promise<Result<{ statementId: string }, DiscussionError>> {
    if (!isModerator(viewer)) {
      return err({ type: "forbidden" });
    }
    return inTx(deps, async (tx, notices) => {
      const c = await tx.db.selectFrom("comments").selectAll().where("id", "=", commentId).executeTakeFirst();
      if (!c) {
        return err({ type: "not-found" });
      }
      const base = { actorId: viewer.id, commentId, statementId: c.statement_id, targetUserId: c.author_id };
      const notify = (kind: "approved" | "hidden" | "deleted" | "warned" | "suspended", detail = "") => {
        if (c.author_id !== null) {
          notices.push({ userId: c.author_id, kind, statementId: c.statement_id, commentId, detail });
        }
      };
      const now = isoNow(tx.clock);
      switch (cmd.action) {
        case "approve": {
          // A hidden comment restored from an open-data export has no text (exports keep only the
          // public reason): there is nothing to publish, so it stays hidden.
          if (isGone(c.status) || (c.status === "hidden" && c.body === "")) {
            return err({ type: "already-removed" });
          }
          await tx.db
            .updateTable("comments")
            .set({ status: "published", hold_reasons: "", hidden_reason: null, moderated_at: now })
            .where("id", "=", commentId)
            .execute();
          await resolveReports(tx, commentId);
          await logModeration(tx, { ...base, action: "approve" });
          if (c.status !== "published") {
            notify("approved");
            notices.push(...(await replyNotice(tx, c)));
          }
          break;
        }
        case "hide": {
          if (isGone(c.status)) {
            return err({ type: "already-removed" });
          }
          await tx.db.updateTable("comments").set({ status: "hidden", hidden_reason: cmd.reason, moderated_at: now }).where("id", "=", commentId).execute();
          forgetMachineTranslations(commentId);
          await resolveReports(tx, commentId);
          await logModeration(tx, { ...base, action: "hide", category: cmd.reason });
          notify("hidden", cmd.reason);
          break;
        }
        case "delete": {
          if (c.status === "deleted") {
            return err({ type: "already-removed" });
          }
          await eraseText(tx, commentId, "deleted");
          forgetMachineTranslations(commentId);
          await resolveReports(tx, commentId);
          await logModeration(tx, { ...base, action: "delete", category: "doxxing" });
          notify("deleted");
          break;
        }
        case "warn": {
          if (c.author_id === null) {
            return err({ type: "not-found" });
          }
          await tx.db
            .insertInto("discussion_standing")
            .values({ user_id: c.author_id, warnings: 1, suspended_until: null, updated_at: now })
            .onConflict((oc) => oc.column("user_id").doUpdateSet((eb) => ({ warnings: eb("discussion_standing.warnings", "+", 1), updated_at: now })))
            .execute();
          await logModeration(tx, { ...base, action: "warn" });
          notify("warned");
          break;
        }
        case "suspend": {
          if (c.author_id === null) {
            return err({ type: "not-found" });
          }
          const until = new Date(tx.clock.now().getTime() + cmd.days * 86_400_000).toISOString();
          await tx.db
            .insertInto("discussion_standing")
            .values({ user_id: c.author_id, warnings: 0, suspended_until: until, updated_at: now })
            .onConflict((oc) => oc.column("user_id").doUpdateSet({ suspended_until: until, updated_at: now }))
            .execute();
          await logModeration(tx, { ...base, action: "suspend", until });
          notify("suspended", until);
          break;
        }
        default:
          return exhaustiveCheck(cmd);
      }
      return ok({ statementId: c.statement_id });
    });
  },
};
