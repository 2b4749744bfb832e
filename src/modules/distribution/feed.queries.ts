import type { DbContext } from "../database";
import { placeAndChildren } from "../places/gazetteer";
import { searchDocuments } from "../search";
import { STATEMENT_KINDS } from "../statements";
import type { FeedRow, FeedScope, StatementKind } from "./feed.model";

/** Listed groups: the only ones whose statements are distributed, as in the public directory. */
export const LISTED_GROUP_STATUSES = ["vouched", "verified"];

/** How many search hits a search feed considers before keeping the newest statements. */
const SEARCH_HITS = 200;

const statementKind = (value: string): StatementKind => STATEMENT_KINDS.find((k) => k === value) ?? "statement";

/**
 * The newest statements of listed groups in a scope, each with the text of its current
 * revision, in one query (a search scope first asks the search index for matching ids).
 */
export async function feedRows(ctx: DbContext, scope: FeedScope, limit: number): Promise<FeedRow[]> {
  let q = ctx.db
    .selectFrom("statements")
    .innerJoin("groups", "groups.id", "statements.group_id")
    .innerJoin("statement_revisions as r", (j) => j.onRef("r.statement_id", "=", "statements.id").onRef("r.number", "=", "statements.current_revision"))
    .select([
      "statements.id",
      "statements.group_id",
      "groups.slug",
      "statements.kind",
      "statements.lang",
      "statements.status",
      "statements.published_at",
      "statements.updated_at",
      "statements.current_revision",
      "r.title",
      "r.body",
      "r.retraction_reason",
    ])
    .where("groups.status", "in", LISTED_GROUP_STATUSES);
  switch (scope.type) {
    case "all":
      break;
    case "group":
      q = q.where("statements.group_id", "=", scope.groupId);
      break;
    case "kind":
      q = q.where("statements.kind", "=", scope.kind);
      break;
    case "group-kind":
      q = q.where("groups.kind", "=", scope.kind);
      break;
    case "place":
      q = q.where("statements.group_id", "in", ctx.db.selectFrom("group_places").select("group_id").where("place_code", "in", placeAndChildren(scope.code)));
      break;
    case "search": {
      const hits = await searchDocuments(ctx, scope.query, SEARCH_HITS);
      const ids = hits.filter((h) => h.refType === "statement").map((h) => h.refId);
      if (ids.length === 0) {
        return [];
      }
      q = q.where("statements.id", "in", ids);
      break;
    }
  }
  const rows = await q.orderBy("statements.published_at", "desc").orderBy("statements.id").limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    groupId: r.group_id,
    groupSlug: r.slug,
    kind: statementKind(r.kind),
    lang: r.lang,
    status: r.status === "retracted" ? "retracted" : "published",
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    currentRevision: r.current_revision,
    title: r.title,
    body: r.body,
    retractionReason: r.retraction_reason,
  }));
}

export interface GroupNames {
  defaultLang: string;
  profiles: Array<{ lang: string; name: string; description: string }>;
}

/** The profiles of many groups in one query, to name each entry's author. */
export async function groupNames(ctx: DbContext, groupIds: string[]): Promise<Map<string, GroupNames>> {
  const out = new Map<string, GroupNames>();
  if (groupIds.length === 0) {
    return out;
  }
  const rows = await ctx.db
    .selectFrom("group_profiles")
    .innerJoin("groups", "groups.id", "group_profiles.group_id")
    .select(["group_profiles.group_id", "group_profiles.lang", "group_profiles.name", "group_profiles.description", "groups.default_lang"])
    .where("group_profiles.group_id", "in", groupIds)
    .orderBy("group_profiles.lang")
    .execute();
  for (const r of rows) {
    const entry = out.get(r.group_id) ?? { defaultLang: r.default_lang, profiles: [] };
    entry.profiles.push({ lang: r.lang, name: r.name, description: r.description });
    out.set(r.group_id, entry);
  }
  return out;
}

/** A listed group by its slug, with its profiles; null when it does not exist or is not listed. */
export async function listedGroup(ctx: DbContext, slug: string): Promise<({ id: string; slug: string } & GroupNames) | null> {
  const row = await ctx.db
    .selectFrom("groups")
    .select(["id", "slug", "default_lang"])
    .where("slug", "=", slug)
    .where("status", "in", LISTED_GROUP_STATUSES)
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  const names = (await groupNames(ctx, [row.id])).get(row.id);
  return { id: row.id, slug: row.slug, defaultLang: row.default_lang, profiles: names?.profiles ?? [] };
}

/**
 * When any group last changed (profile, status): a group's new name or suspension changes
 * feeds without changing any statement, so Last-Modified must move too.
 */
export async function lastGroupChange(ctx: DbContext): Promise<string | null> {
  const row = await ctx.db
    .selectFrom("groups")
    .select((eb) => eb.fn.max("updated_at").as("at"))
    .executeTakeFirst();
  return row?.at ?? null;
}
