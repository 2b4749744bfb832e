// Anti-abuse checks of the discussion: an account's standing, whether it posts without
// pre-moderation, the comment rate limits, and the screening of a body about to be stored.
import { sha256Hex } from "../../platform/hash";
import { err, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import { membershipOf } from "../groups";
import {
  countLinks,
  DUPLICATE_WINDOW_HOURS,
  holdReasons,
  isModerator,
  isTrusted,
  NEW_ACCOUNT_LINK_LIMIT,
  normaliseForDuplicates,
  type DiscussionMode,
  type HoldReason,
} from "./comment.model";
import { wordListFor } from "./discussion.queries";
import type { DiscussionDeps, DiscussionError } from "./discussion.service";

/** The account's standing in discussions: published comments, warnings, suspension. */
export async function standingOf(ctx: DbContext, userId: string): Promise<{ publishedComments: number; warnings: number; suspendedUntil: string | null }> {
  const [count, standing] = await Promise.all([
    ctx.db
      .selectFrom("comments")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("author_id", "=", userId)
      .where("status", "=", "published")
      .executeTakeFirstOrThrow(),
    ctx.db.selectFrom("discussion_standing").select(["warnings", "suspended_until"]).where("user_id", "=", userId).executeTakeFirst(),
  ]);
  return { publishedComments: Number(count.n), warnings: standing?.warnings ?? 0, suspendedUntil: standing?.suspended_until ?? null };
}

/** Whether the viewer posts without pre-moderation. */
export async function viewerIsTrusted(deps: DbContext & { config: { premoderateComments: number } }, viewer: Viewer): Promise<boolean> {
  const s = await standingOf(deps, viewer.id);
  return isTrusted({ role: viewer.role, ...s }, deps.config.premoderateComments);
}

export const hashOf = (body: string) => sha256Hex(normaliseForDuplicates(body));

/** Counts one comment against the burst and daily limits, per account and per session. */
export function rateLimit(deps: DiscussionDeps, viewer: Viewer, sessionKey: string | null): number {
  const keys = [`a:${viewer.id}`, ...(sessionKey ? [`s:${sessionKey}`] : [])];
  let wait = 0;
  for (const key of keys) {
    wait = Math.max(wait, deps.limits.commentBurst.hit(key), deps.limits.commentDaily.hit(key));
  }
  return wait;
}

interface Screening {
  trusted: boolean;
  reasons: HoldReason[];
}

/** Runs the anti-abuse checks on a body about to be stored; errors refuse it, reasons hold it. */
export async function screen(
  tx: DiscussionDeps,
  viewer: Viewer,
  input: { body: string; lang: string; statementId: string; groupId: string; mode: DiscussionMode; excludeId?: string },
): Promise<Result<Screening, DiscussionError>> {
  const standing = await standingOf(tx, viewer.id);
  const trusted = isTrusted({ role: viewer.role, ...standing }, tx.config.premoderateComments);
  if (!trusted && countLinks(input.body) > NEW_ACCOUNT_LINK_LIMIT) {
    return err({ type: "too-many-links", limit: NEW_ACCOUNT_LINK_LIMIT });
  }
  const hash = hashOf(input.body);
  const since = new Date(tx.clock.now().getTime() - DUPLICATE_WINDOW_HOURS * 3_600_000).toISOString();
  const same = await tx.db
    .selectFrom("comments")
    .select(["author_id"])
    .where("body_hash", "=", hash)
    .where("created_at", ">=", since)
    .where("id", "!=", input.excludeId ?? "")
    .execute();
  if (same.some((r) => r.author_id === viewer.id)) {
    return err({ type: "duplicate" });
  }
  const member = await membershipOf(tx, input.groupId, viewer.id);
  const reasons = holdReasons({
    body: input.body,
    // The group's own members speak under its statements without waiting for a moderator.
    trusted: trusted || isModerator(viewer) || member?.accepted === true,
    mode: input.mode,
    exemptFromPremoderation: isModerator(viewer) || member?.accepted === true,
    // Short texts ("thank you") are said by many people; only longer repeated text looks like spam.
    duplicateByOthers: same.length > 0 && normaliseForDuplicates(input.body).length >= 20,
    words: await wordListFor(tx, input.lang),
  });
  return ok({ trusted, reasons });
}
