import type { DbContext } from "../database";
import { LISTED_GROUP_STATUSES } from "./feed.queries";
import type { SitemapStatement } from "./sitemap.model";

/** How many listed groups and statements of listed groups there are, to plan the files. */
export async function sitemapCounts(ctx: DbContext): Promise<{ groups: number; statements: number }> {
  const [groups, statements] = await Promise.all([
    ctx.db
      .selectFrom("groups")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "in", LISTED_GROUP_STATUSES)
      .executeTakeFirst(),
    ctx.db
      .selectFrom("statements")
      .innerJoin("groups", "groups.id", "statements.group_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("groups.status", "in", LISTED_GROUP_STATUSES)
      .executeTakeFirst(),
  ]);
  return { groups: Number(groups?.n ?? 0), statements: Number(statements?.n ?? 0) };
}

/** One page of listed groups, in slug order (stable across requests). */
export async function sitemapGroups(ctx: DbContext, offset: number, limit: number): Promise<Array<{ slug: string; updatedAt: string }>> {
  const rows = await ctx.db
    .selectFrom("groups")
    .select(["slug", "updated_at"])
    .where("status", "in", LISTED_GROUP_STATUSES)
    .orderBy("slug")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ slug: r.slug, updatedAt: r.updated_at }));
}

/** One page of statements of listed groups, in id order, with their published translations (two queries). */
export async function sitemapStatements(ctx: DbContext, offset: number, limit: number): Promise<SitemapStatement[]> {
  const rows = await ctx.db
    .selectFrom("statements")
    .innerJoin("groups", "groups.id", "statements.group_id")
    .select(["statements.id", "statements.lang", "statements.updated_at"])
    .where("groups.status", "in", LISTED_GROUP_STATUSES)
    .orderBy("statements.id")
    .limit(limit)
    .offset(offset)
    .execute();
  if (rows.length === 0) {
    return [];
  }
  const translations = await ctx.db
    .selectFrom("translation_targets")
    .select(["statement_id", "lang", "published_at"])
    .where(
      "statement_id",
      "in",
      rows.map((r) => r.id),
    )
    .where("published_revision", "is not", null)
    .orderBy("statement_id")
    .orderBy("lang")
    .execute();
  const byStatement = new Map<string, Array<{ lang: string; publishedAt: string }>>();
  for (const t of translations) {
    if (t.published_at !== null) {
      byStatement.set(t.statement_id, [...(byStatement.get(t.statement_id) ?? []), { lang: t.lang, publishedAt: t.published_at }]);
    }
  }
  return rows.map((r) => ({ id: r.id, lang: r.lang, updatedAt: r.updated_at, translations: byStatement.get(r.id) ?? [] }));
}
