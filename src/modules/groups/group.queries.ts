import type { DbContext } from "../database";
import { placeAndChildren } from "../places/gazetteer";
import type { DirectoryFilter } from "./group.commands";
import { LISTED_STATUSES, type GroupKind, type GroupStatus, type Membership, type MemberRole } from "./group.model";

export interface GroupProfile {
  lang: string;
  name: string;
  description: string;
}

export interface GroupSummary {
  id: string;
  slug: string;
  kind: GroupKind;
  status: GroupStatus;
  defaultLang: string;
  profiles: GroupProfile[];
  places: string[];
  languages: string[];
}

export interface GroupDetail extends GroupSummary {
  contact: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  support: Array<{ id: string; lang: string; label: string; url: string | null; instructions: string | null }>;
  needs: Array<{ id: string; item: string; priority: string; updatedAt: string }>;
  vouches: Array<{ handle: string | null; reason: string; createdAt: string }>;
  history: Array<{ from: string | null; to: string; handle: string | null; reason: string; createdAt: string }>;
  members: Array<{ userId: string; handle: string; role: MemberRole; accepted: boolean }>;
}

/** The profile to show a reader: theirs if the group wrote one, else the group's own language. */
export function profileFor(group: Pick<GroupSummary, "profiles" | "defaultLang">, lang: string): GroupProfile {
  return (
    group.profiles.find((p) => p.lang === lang) ??
    group.profiles.find((p) => p.lang === group.defaultLang) ??
    group.profiles[0] ?? { lang: group.defaultLang, name: "?", description: "" }
  );
}

/** Loads profiles, places and languages for many groups in three queries. */
async function summarize(
  ctx: DbContext,
  rows: Array<{ id: string; slug: string; kind: string; status: string; default_lang: string }>,
): Promise<GroupSummary[]> {
  if (rows.length === 0) {
    return [];
  }
  const ids = rows.map((r) => r.id);
  const [profiles, places, languages] = await Promise.all([
    ctx.db.selectFrom("group_profiles").selectAll().where("group_id", "in", ids).orderBy("lang").execute(),
    ctx.db.selectFrom("group_places").selectAll().where("group_id", "in", ids).orderBy("place_code").execute(),
    ctx.db.selectFrom("group_languages").selectAll().where("group_id", "in", ids).orderBy("lang").execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    kind: r.kind as GroupKind,
    status: r.status as GroupStatus,
    defaultLang: r.default_lang,
    profiles: profiles.filter((p) => p.group_id === r.id).map((p) => ({ lang: p.lang, name: p.name, description: p.description })),
    places: places.filter((p) => p.group_id === r.id).map((p) => p.place_code),
    languages: languages.filter((l) => l.group_id === r.id).map((l) => l.lang),
  }));
}

export interface DirectoryResult {
  groups: GroupSummary[];
  counts: { kind: Record<string, number>; place: Record<string, number>; lang: Record<string, number>; total: number };
}

/**
 * The directory: listed groups (or a chosen status, for editors) filtered by kind, place
 * (a governorate includes its districts) and working language, with counts per facet.
 */
export async function listDirectory(ctx: DbContext, filter: DirectoryFilter, opts: { statuses: GroupStatus[] }): Promise<DirectoryResult> {
  const statuses = filter.status && opts.statuses.includes(filter.status) ? [filter.status] : opts.statuses.filter((s) => LISTED_STATUSES.includes(s));
  let q = ctx.db.selectFrom("groups").select(["id", "slug", "kind", "status", "default_lang"]).where("status", "in", statuses);
  if (filter.kind) {
    q = q.where("kind", "=", filter.kind);
  }
  if (filter.place) {
    const codes = placeAndChildren(filter.place);
    q = q.where("id", "in", ctx.db.selectFrom("group_places").select("group_id").where("place_code", "in", codes));
  }
  if (filter.lang) {
    q = q.where("id", "in", ctx.db.selectFrom("group_languages").select("group_id").where("lang", "=", filter.lang));
  }
  const rows = await q.orderBy("updated_at", "desc").limit(500).execute();
  const groups = await summarize(ctx, rows);
  const counts: DirectoryResult["counts"] = { kind: {}, place: {}, lang: {}, total: groups.length };
  for (const g of groups) {
    counts.kind[g.kind] = (counts.kind[g.kind] ?? 0) + 1;
    for (const p of new Set(g.places.map((code) => code.split("-").slice(0, 2).join("-")))) {
      counts.place[p] = (counts.place[p] ?? 0) + 1;
    }
    for (const l of g.languages) {
      counts.lang[l] = (counts.lang[l] ?? 0) + 1;
    }
  }
  return { groups, counts };
}

export async function getGroupDetail(ctx: DbContext, slug: string): Promise<GroupDetail | null> {
  const row = await ctx.db.selectFrom("groups").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (!row) {
    return null;
  }
  const [summary] = await summarize(ctx, [row]);
  const [support, needs, vouches, history, members] = await Promise.all([
    ctx.db.selectFrom("group_support_channels").selectAll().where("group_id", "=", row.id).orderBy("position").execute(),
    ctx.db.selectFrom("group_needs").selectAll().where("group_id", "=", row.id).orderBy("updated_at", "desc").execute(),
    ctx.db
      .selectFrom("group_vouches")
      .leftJoin("users", "users.id", "group_vouches.user_id")
      .select(["users.handle", "group_vouches.reason", "group_vouches.created_at"])
      .where("group_vouches.group_id", "=", row.id)
      .orderBy("group_vouches.created_at")
      .execute(),
    ctx.db
      .selectFrom("group_status_changes")
      .leftJoin("users", "users.id", "group_status_changes.actor_id")
      .select([
        "group_status_changes.from_status",
        "group_status_changes.to_status",
        "users.handle",
        "group_status_changes.reason",
        "group_status_changes.created_at",
      ])
      .where("group_status_changes.group_id", "=", row.id)
      .orderBy("group_status_changes.created_at")
      .execute(),
    ctx.db
      .selectFrom("group_members")
      .innerJoin("users", "users.id", "group_members.user_id")
      .select(["users.id", "users.handle", "group_members.role", "group_members.accepted_at"])
      .where("group_members.group_id", "=", row.id)
      .orderBy("users.handle")
      .execute(),
  ]);
  if (!summary) {
    return null;
  }
  const priorityOrder = ["urgent", "high", "normal"];
  return {
    ...summary,
    contact: row.contact,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    support: support.map((s) => ({ id: s.id, lang: s.lang, label: s.label, url: s.url, instructions: s.instructions })),
    needs: needs
      .map((n) => ({ id: n.id, item: n.item, priority: n.priority, updatedAt: n.updated_at }))
      .sort((a, b) => priorityOrder.indexOf(a.priority) - priorityOrder.indexOf(b.priority)),
    vouches: vouches.map((v) => ({ handle: v.handle ?? null, reason: v.reason, createdAt: v.created_at })),
    history: history.map((h) => ({ from: h.from_status, to: h.to_status, handle: h.handle ?? null, reason: h.reason, createdAt: h.created_at })),
    members: members.map((m) => ({ userId: m.id, handle: m.handle, role: m.role as MemberRole, accepted: m.accepted_at !== null })),
  };
}

export async function membershipOf(ctx: DbContext, groupId: string, userId: string | undefined): Promise<Membership | null> {
  if (!userId) {
    return null;
  }
  const row = await ctx.db
    .selectFrom("group_members")
    .select(["role", "accepted_at"])
    .where("group_id", "=", groupId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row ? { role: row.role as MemberRole, accepted: row.accepted_at !== null } : null;
}

/** The groups a person belongs to or is invited to, for their account page and publish menu. */
export async function groupsOfUser(ctx: DbContext, userId: string): Promise<Array<GroupSummary & { role: MemberRole; accepted: boolean }>> {
  const rows = await ctx.db
    .selectFrom("group_members")
    .innerJoin("groups", "groups.id", "group_members.group_id")
    .select(["groups.id", "groups.slug", "groups.kind", "groups.status", "groups.default_lang", "group_members.role", "group_members.accepted_at"])
    .where("group_members.user_id", "=", userId)
    .orderBy("groups.slug")
    .execute();
  const summaries = await summarize(ctx, rows);
  return summaries.map((s, i) => ({ ...s, role: rows[i]?.role as MemberRole, accepted: rows[i]?.accepted_at != null }));
}

/** Listed groups with urgent or high-priority needs, most recently updated first. */
export async function groupsNeedingSupport(ctx: DbContext, limit: number): Promise<GroupSummary[]> {
  const rows = await ctx.db
    .selectFrom("groups")
    .select(["id", "slug", "kind", "status", "default_lang"])
    .where("status", "in", LISTED_STATUSES)
    .where("id", "in", ctx.db.selectFrom("group_needs").select("group_id").where("priority", "in", ["urgent", "high"]))
    .orderBy("updated_at", "desc")
    .limit(limit)
    .execute();
  return summarize(ctx, rows);
}

export async function groupsByIds(ctx: DbContext, ids: string[]): Promise<GroupSummary[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows = await ctx.db.selectFrom("groups").select(["id", "slug", "kind", "status", "default_lang"]).where("id", "in", ids).execute();
  return summarize(ctx, rows);
}

/** A group's name for a reader, in one query: their language, else the group's own. */
export async function groupDisplayName(ctx: DbContext, groupId: string, lang: string): Promise<string | null> {
  const rows = await ctx.db
    .selectFrom("group_profiles")
    .innerJoin("groups", "groups.id", "group_profiles.group_id")
    .select(["group_profiles.lang", "group_profiles.name", "group_profiles.description", "groups.default_lang"])
    .where("group_profiles.group_id", "=", groupId)
    .execute();
  const first = rows[0];
  if (!first) {
    return null;
  }
  return profileFor({ profiles: rows, defaultLang: first.default_lang }, lang).name;
}
