import type { DbContext } from "../database";

/** Groups that are actors on the fediverse: vouched or verified (pending and suspended groups are not). */
export const FEDERATED_STATUSES = ["vouched", "verified"];

export interface FederatedGroup {
  id: string;
  slug: string;
  defaultLang: string;
  profiles: Array<{ lang: string; name: string; description: string }>;
}

export async function federatedGroup(ctx: DbContext, slug: string): Promise<FederatedGroup | null> {
  const row = await ctx.db
    .selectFrom("groups")
    .select(["id", "slug", "default_lang"])
    .where("slug", "=", slug)
    .where("status", "in", FEDERATED_STATUSES)
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  const profiles = await ctx.db.selectFrom("group_profiles").select(["lang", "name", "description"]).where("group_id", "=", row.id).orderBy("lang").execute();
  return { id: row.id, slug: row.slug, defaultLang: row.default_lang, profiles };
}

export async function followersOf(ctx: DbContext, localActor: string): Promise<Array<{ actor_uri: string; inbox: string; shared_inbox: string | null }>> {
  return ctx.db
    .selectFrom("ap_followers")
    .select(["actor_uri", "inbox", "shared_inbox"])
    .where("local_actor", "=", localActor)
    .orderBy("created_at")
    .orderBy("actor_uri")
    .execute();
}

/** The inboxes to deliver a local actor's posts to: one per server when it has a shared inbox. */
export function deliveryInboxes(followers: Array<{ inbox: string; shared_inbox: string | null }>): string[] {
  return [...new Set(followers.map((f) => f.shared_inbox ?? f.inbox))];
}

/** The newest published (not retracted) statements of a group. */
export async function recentStatementIds(ctx: DbContext, groupId: string, limit: number): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom("statements")
    .select("id")
    .where("group_id", "=", groupId)
    .where("status", "!=", "retracted")
    .orderBy("published_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** How many statements are published (and not retracted), of one group or (null) of federated groups. */
export async function publishedCount(ctx: DbContext, groupId: string | null): Promise<number> {
  let q = ctx.db
    .selectFrom("statements")
    .innerJoin("groups", "groups.id", "statements.group_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("statements.status", "!=", "retracted")
    .where("groups.status", "in", FEDERATED_STATUSES);
  if (groupId !== null) {
    q = q.where("statements.group_id", "=", groupId);
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
}
