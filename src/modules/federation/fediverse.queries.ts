import type { DbContext } from "../database";
import type { FollowingStatus } from "./federation.schema";

export interface RemotePostView {
  objectUri: string;
  url: string | null;
  lang: string | null;
  names: Record<string, string>;
  contents: Record<string, string>;
  publishedAt: string;
  updatedAt: string | null;
  author: { handle: string; name: string | null };
}

/** The newest posts received from followed accounts (deleted ones are gone). */
export async function remotePosts(ctx: DbContext, limit = 50): Promise<RemotePostView[]> {
  const rows = await ctx.db
    .selectFrom("ap_remote_posts as p")
    .leftJoin("ap_following as f", "f.actor_uri", "p.actor_uri")
    .select(["p.object_uri", "p.url", "p.lang", "p.names", "p.contents", "p.published_at", "p.updated_at", "p.actor_uri", "f.handle", "f.name"])
    .where("p.deleted_at", "is", null)
    .orderBy("p.published_at", "desc")
    .orderBy("p.object_uri")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    objectUri: r.object_uri,
    url: r.url,
    lang: r.lang,
    names: JSON.parse(r.names) as Record<string, string>,
    contents: JSON.parse(r.contents) as Record<string, string>,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    author: { handle: r.handle ?? r.actor_uri, name: r.name },
  }));
}

export interface FollowingView {
  actorUri: string;
  handle: string;
  name: string | null;
  status: FollowingStatus;
  createdAt: string;
}

export async function followingList(ctx: DbContext): Promise<FollowingView[]> {
  const rows = await ctx.db.selectFrom("ap_following").selectAll().orderBy("created_at").execute();
  return rows.map((r) => ({ actorUri: r.actor_uri, handle: r.handle, name: r.name, status: r.status, createdAt: r.created_at }));
}

export interface InboxHealthView {
  inbox: string;
  failures: number;
  lastError: string | null;
  lastFailureAt: string | null;
  lastSuccessAt: string | null;
  dead: boolean;
}

/** Inboxes that are failing or dead, worst first (healthy ones are not worth a line). */
export async function failingInboxes(ctx: DbContext): Promise<InboxHealthView[]> {
  const rows = await ctx.db
    .selectFrom("ap_inboxes")
    .selectAll()
    .where("consecutive_failures", ">", 0)
    .orderBy("consecutive_failures", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    inbox: r.inbox,
    failures: r.consecutive_failures,
    lastError: r.last_error,
    lastFailureAt: r.last_failure_at,
    lastSuccessAt: r.last_success_at,
    dead: r.dead_since !== null,
  }));
}

/** Deliveries by status, for the admin's overview. */
export async function deliveryCounts(ctx: DbContext): Promise<Record<string, number>> {
  const rows = await ctx.db
    .selectFrom("ap_deliveries")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function followerCount(ctx: DbContext, localActor: string): Promise<number> {
  const row = await ctx.db
    .selectFrom("ap_followers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("local_actor", "=", localActor)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
