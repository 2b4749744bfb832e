// What received activities change in the database. Each function is one transaction's worth.
import type { Clock } from "../../platform/clock";
import type { DbContext } from "../database";
import type { ReactionKind } from "./federation.schema";

export async function addFollower(
  tx: DbContext,
  now: Date,
  f: { localActor: string; actorUri: string; inbox: string; sharedInbox: string | null; handle: string | null; followActivity: string | null },
): Promise<void> {
  const values = {
    local_actor: f.localActor,
    actor_uri: f.actorUri,
    inbox: f.inbox,
    shared_inbox: f.sharedInbox,
    handle: f.handle,
    follow_activity: f.followActivity,
    created_at: now.toISOString(),
  };
  await tx.db
    .insertInto("ap_followers")
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(["local_actor", "actor_uri"])
        .doUpdateSet({ inbox: values.inbox, shared_inbox: values.shared_inbox, handle: values.handle, follow_activity: values.follow_activity }),
    )
    .execute();
}

export async function removeFollower(tx: DbContext, localActor: string | null, actorUri: string): Promise<void> {
  let q = tx.db.deleteFrom("ap_followers").where("actor_uri", "=", actorUri);
  if (localActor !== null) {
    q = q.where("local_actor", "=", localActor);
  }
  await q.execute();
}

/** Records a like or boost once per remote actor; a repeat changes nothing. */
export async function addReaction(
  tx: DbContext,
  now: Date,
  r: { statementId: string; kind: ReactionKind; actorUri: string; activityUri: string },
): Promise<void> {
  await tx.db
    .insertInto("ap_reactions")
    .values({ statement_id: r.statementId, kind: r.kind, actor_uri: r.actorUri, activity_uri: r.activityUri, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["statement_id", "kind", "actor_uri"]).doNothing())
    .execute();
}

/** Undoes a like or boost: by the activity's id when known, else by who and what. */
export async function removeReaction(
  tx: DbContext,
  r: { actorUri: string; activityUri: string | null; kind?: ReactionKind; statementId?: string },
): Promise<void> {
  if (r.activityUri) {
    await tx.db.deleteFrom("ap_reactions").where("activity_uri", "=", r.activityUri).where("actor_uri", "=", r.actorUri).execute();
  }
  if (r.kind && r.statementId) {
    await tx.db.deleteFrom("ap_reactions").where("statement_id", "=", r.statementId).where("kind", "=", r.kind).where("actor_uri", "=", r.actorUri).execute();
  }
}

export async function reactionCounts(ctx: DbContext, statementId: string): Promise<{ likes: number; boosts: number }> {
  const rows = await ctx.db
    .selectFrom("ap_reactions")
    .select(["kind", (eb) => eb.fn.countAll<number>().as("n")])
    .where("statement_id", "=", statementId)
    .groupBy("kind")
    .execute();
  const count = (kind: ReactionKind) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
  return { likes: count("like"), boosts: count("announce") };
}

/** Marks this instance's follow request as answered; only the actor asked can answer it. */
export async function answerFollowing(tx: DbContext, actorUri: string, followActivity: string | null, status: "accepted" | "rejected"): Promise<boolean> {
  let q = tx.db.updateTable("ap_following").set({ status }).where("actor_uri", "=", actorUri);
  if (followActivity) {
    q = q.where("follow_activity", "=", followActivity);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function isFollowed(ctx: DbContext, actorUri: string): Promise<boolean> {
  const row = await ctx.db.selectFrom("ap_following").select("status").where("actor_uri", "=", actorUri).executeTakeFirst();
  return row !== undefined && row.status !== "rejected";
}

export interface RemotePostInput {
  objectUri: string;
  actorUri: string;
  url: string | null;
  lang: string | null;
  names: Record<string, string>;
  contents: Record<string, string>;
  publishedAt: string;
  updatedAt: string | null;
}

/** Stores a post from a followed account, or its newer version; a post claimed by another actor is refused. */
export async function upsertRemotePost(tx: DbContext, clock: Clock, p: RemotePostInput): Promise<"stored" | "updated" | "refused"> {
  const existing = await tx.db.selectFrom("ap_remote_posts").select(["actor_uri", "deleted_at"]).where("object_uri", "=", p.objectUri).executeTakeFirst();
  if (existing && (existing.actor_uri !== p.actorUri || existing.deleted_at !== null)) {
    return "refused";
  }
  const values = {
    url: p.url,
    lang: p.lang,
    names: JSON.stringify(p.names),
    contents: JSON.stringify(p.contents),
    published_at: p.publishedAt,
    updated_at: p.updatedAt,
  };
  if (existing) {
    await tx.db.updateTable("ap_remote_posts").set(values).where("object_uri", "=", p.objectUri).execute();
    return "updated";
  }
  await tx.db
    .insertInto("ap_remote_posts")
    .values({ object_uri: p.objectUri, actor_uri: p.actorUri, received_at: clock.now().toISOString(), deleted_at: null, ...values })
    .execute();
  return "stored";
}

/** A deleted remote post keeps only its id (so a replayed Create cannot bring it back); its text is erased. */
export async function deleteRemotePost(tx: DbContext, now: Date, objectUri: string, actorUri: string): Promise<boolean> {
  const r = await tx.db
    .updateTable("ap_remote_posts")
    .set({ deleted_at: now.toISOString(), names: "{}", contents: "{}", url: null })
    .where("object_uri", "=", objectUri)
    .where("actor_uri", "=", actorUri)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
