// What the discussion's sections in other modules' pages show, read while the page renders (async
// components): the thread under a statement (CommentsSection) and the header's counts (DiscussionNav).
// They use the viewer the request already resolved (PageCtx.viewer) and the database of PageCtx.data.
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import type { Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import { membershipOf } from "../groups";
import type { PageData } from "../site/page-ctx";
import { isModerator, type DiscussionMode } from "./comment.model";
import { discussionMode, queueSize, threadFor, unreadCount, type CommentView } from "./discussion.queries";
import { viewerIsTrusted } from "./comment-screening";

/** What the comments section of a statement page shows. */
export interface ThreadData {
  statementId: string;
  retracted: boolean;
  mode: DiscussionMode;
  roots: CommentView[];
  count: number;
  /** Content languages the reader chose to see (empty: all). */
  filter: string[];
  canManage: boolean;
  moderator: boolean;
  trusted: boolean;
  mtEnabled: boolean;
  /** A status after a form was sent (posted, held, removed…). */
  done: string | null;
  now: Date;
}

/** The header's links for a signed-in person: unread notices, and the queue for moderators. */
export interface NavCounts {
  unread: number;
  queue: number | null;
}

/**
 * The thread of a statement as this viewer may see it, with the reader's choices from the page's
 * query (`cl`: languages to show, `discussion`: the status after a form was sent); null when there
 * is no such statement.
 */
export async function threadData(data: PageData, viewer: Viewer | null, statementId: string, query: URLSearchParams): Promise<ThreadData | null> {
  const statement = await data.db.selectFrom("statements").select(["id", "status", "group_id"]).where("id", "=", statementId).executeTakeFirst();
  if (!statement) {
    return null;
  }
  const moderator = isModerator(viewer);
  const { roots, count } = await threadFor(data, statementId, viewer ? { id: viewer.id, moderator } : null);
  const member = viewer ? await membershipOf(data, statement.group_id, viewer.id) : null;
  return {
    statementId,
    retracted: statement.status === "retracted",
    mode: await discussionMode(data, statementId),
    roots,
    count,
    filter: query.getAll("cl").filter((l) => CONTENT_LANG_CODES.includes(l)),
    canManage: moderator || member?.accepted === true,
    moderator,
    trusted: viewer ? moderator || (await viewerIsTrusted(data, viewer)) : false,
    mtEnabled: (data.config.mt.url ?? "") !== "",
    done: query.get("discussion"),
    now: data.clock.now(),
  };
}

/** The header's counts for a signed-in person. */
export async function navCounts(data: DbContext, viewer: Viewer): Promise<NavCounts> {
  return { unread: await unreadCount(data, viewer.id), queue: isModerator(viewer) ? await queueSize(data) : null };
}
