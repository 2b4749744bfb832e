import type { Db } from "../database";
import { incidentUserIds } from "./export-incidents.queries";
import { commentAuthorIds, commentTranslatorIds } from "./export-discussion.queries";
import { compareText, EXPORTED_GROUP_STATUSES, int, type RecordFields, type RecordType } from "./portability.model";

/** Rows per query: small enough to keep memory flat, large enough that round trips do not dominate. */
export const PAGE_SIZE = 1000;
/**
 * Rows per query for tables holding whole texts (revisions: title, body and canonical form):
 * a page of them is megabytes, and pages that large let the heap, hence RSS, grow by a hundred
 * megabytes before the garbage collector catches up.
 */
export const WIDE_PAGE_SIZE = 200;

export type ExportRecord = [RecordType, RecordFields];

/**
 * Reads a table page by page (keyset pagination: each page starts after the last row of the
 * previous one, so every page is one indexed range read however deep into the table it is).
 */
export async function* keyset<R>(fetch: (after: R | null, limit: number) => Promise<R[]>, limit = PAGE_SIZE): AsyncGenerator<R> {
  let last: R | null = null;
  for (;;) {
    const rows: R[] = await fetch(last, limit);
    yield* rows;
    if (rows.length < limit) {
      return;
    }
    last = rows[rows.length - 1] ?? null;
  }
}

/** Ids of the groups whose data is public: vouched, verified or suspended (never pending proposals). */
export function exportedGroupIds(db: Db) {
  return db
    .selectFrom("groups")
    .select("groups.id")
    .where("groups.status", "in", [...EXPORTED_GROUP_STATUSES]);
}

/** Ids of statements of groups that are not exported (normally none: pending groups cannot publish). */
export function hiddenStatementIds(db: Db) {
  return db
    .selectFrom("statements")
    .select("statements.id")
    .where(
      "statements.group_id",
      "in",
      db
        .selectFrom("groups")
        .select("groups.id")
        .where("groups.status", "not in", [...EXPORTED_GROUP_STATUSES]),
    );
}

/**
 * Every account the exported rows name (authors, translators, reviewers, vouchers, actors,
 * key creators), as handle and creation time only, sorted by handle. Held in memory: it is one
 * short row per contributor, not per statement.
 */
export async function referencedUsers(db: Db): Promise<Array<{ handle: string; created_at: string }>> {
  const groups = exportedGroupIds(db);
  const hidden = hiddenStatementIds(db);
  const ids = db
    .selectFrom("groups")
    .select("groups.proposed_by as id")
    .where("groups.id", "in", groups)
    .union(db.selectFrom("group_vouches").select("group_vouches.user_id as id").where("group_vouches.group_id", "in", groups))
    .union(db.selectFrom("group_status_changes").select("group_status_changes.actor_id as id").where("group_status_changes.group_id", "in", groups))
    .union(
      db
        .selectFrom("signing_keys")
        .select("signing_keys.created_by as id")
        .where((eb) => eb.or([eb("signing_keys.group_id", "is", null), eb("signing_keys.group_id", "in", groups)])),
    )
    .union(
      db
        .selectFrom("signing_keys")
        .select("signing_keys.revoked_by as id")
        .where((eb) => eb.or([eb("signing_keys.group_id", "is", null), eb("signing_keys.group_id", "in", groups)])),
    )
    .union(db.selectFrom("statements").select("statements.created_by as id").where("statements.group_id", "in", groups))
    .union(db.selectFrom("statement_revisions").select("statement_revisions.author_id as id").where("statement_revisions.statement_id", "not in", hidden))
    .union(
      db
        .selectFrom("translation_targets")
        .select("translation_targets.added_by as id")
        .where("translation_targets.statement_id", "not in", hidden)
        // An incident's targets name its recorder, who is never exported (see incidentUserIds).
        .where("translation_targets.statement_id", "not in", db.selectFrom("incidents").select("incidents.id")),
    )
    .union(approvedTranslations(db).select("segment_translations.translator_id as id"))
    .union(approvedTranslations(db).select("segment_translations.reviewer_id as id"))
    .union(commentAuthorIds(db))
    .union(commentTranslatorIds(db));
  const rows = await db
    .selectFrom("users")
    .select(["users.handle", "users.created_at"])
    .where((eb) => eb.or([eb("users.id", "in", ids), eb("users.id", "in", incidentUserIds(db))]))
    .execute();
  return rows.sort((a, b) => compareText(a.handle, b.handle));
}

/** Segment translations readers can see: approved at least once, of exported statements. */
export function approvedTranslations(db: Db) {
  return db
    .selectFrom("segment_translations")
    .innerJoin("segments", "segments.id", "segment_translations.segment_id")
    .where("segment_translations.approved_text", "is not", null)
    .where("segments.statement_id", "not in", hiddenStatementIds(db));
}

/** The exported groups, one page of ids at a time, for the tables hanging off a group. */
async function* groupIdPages(db: Db): AsyncGenerator<string[]> {
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom("groups")
      .select("id")
      .where("status", "in", [...EXPORTED_GROUP_STATUSES]);
    if (after !== null) {
      q = q.where("id", ">", after);
    }
    const ids = (await q.orderBy("id").limit(PAGE_SIZE).execute()).map((r) => r.id);
    if (ids.length > 0) {
      yield ids;
    }
    if (ids.length < PAGE_SIZE) {
      return;
    }
    after = ids[ids.length - 1] ?? null;
  }
}

/** Sorts by group, then by the given text keys in order. */
function byGroupThen<R extends { group_id: string }>(rows: R[], ...keys: Array<(r: R) => string>): R[] {
  return rows.sort((a, b) => {
    let c = compareText(a.group_id, b.group_id);
    for (const key of keys) {
      if (c !== 0) {
        return c;
      }
      c = compareText(key(a), key(b));
    }
    return c;
  });
}

/** Positions sort as numbers: zero-padded so that text order is numeric order. */
const pad = (n: number | string) => String(int(n)).padStart(12, "0");

/**
 * Users, groups and everything a group page shows, in file order. Members, invitations and
 * proposals still pending are private and never read here.
 */
export async function* directoryRecords(db: Db): AsyncGenerator<ExportRecord> {
  for (const u of await referencedUsers(db)) {
    yield ["user", { handle: u.handle, created_at: u.created_at }];
  }
  for await (const ids of groupIdPages(db)) {
    const rows = await db
      .selectFrom("groups")
      .leftJoin("users", "users.id", "groups.proposed_by")
      .select([
        "groups.id",
        "groups.slug",
        "groups.kind",
        "groups.status",
        "groups.default_lang",
        "groups.contact",
        "users.handle as proposed_by",
        "groups.version",
        "groups.created_at",
        "groups.updated_at",
      ])
      .where("groups.id", "in", ids)
      .execute();
    for (const g of rows.sort((a, b) => compareText(a.id, b.id))) {
      yield ["group", { ...g, proposed_by: g.proposed_by ?? null, version: int(g.version) }];
    }
  }
  for await (const ids of groupIdPages(db)) {
    const rows = await db.selectFrom("group_profiles").selectAll().where("group_id", "in", ids).execute();
    for (const p of byGroupThen(rows, (r) => r.lang)) {
      yield ["group_profile", { group_id: p.group_id, lang: p.lang, name: p.name, description: p.description }];
    }
  }
  for await (const ids of groupIdPages(db)) {
    const rows = await db.selectFrom("group_places").selectAll().where("group_id", "in", ids).execute();
    for (const p of byGroupThen(rows, (r) => r.place_code)) {
      yield ["group_place", { group_id: p.group_id, place_code: p.place_code }];
    }
  }
  for await (const ids of groupIdPages(db)) {
    const rows = await db.selectFrom("group_languages").selectAll().where("group_id", "in", ids).execute();
    for (const l of byGroupThen(rows, (r) => r.lang)) {
      yield ["group_language", { group_id: l.group_id, lang: l.lang }];
    }
  }
  for await (const ids of groupIdPages(db)) {
    const rows = await db.selectFrom("group_support_channels").selectAll().where("group_id", "in", ids).execute();
    for (const s of byGroupThen(
      rows,
      (r) => pad(r.position),
      (r) => r.id,
    )) {
      yield [
        "group_support_channel",
        { id: s.id, group_id: s.group_id, lang: s.lang, label: s.label, url: s.url, instructions: s.instructions, position: int(s.position) },
      ];
    }
  }
  for await (const ids of groupIdPages(db)) {
    const rows = await db.selectFrom("group_needs").selectAll().where("group_id", "in", ids).execute();
    for (const n of byGroupThen(rows, (r) => r.id)) {
      yield ["group_need", { id: n.id, group_id: n.group_id, item: n.item, priority: n.priority, updated_at: n.updated_at }];
    }
  }
  for await (const ids of groupIdPages(db)) {
    const rows = await db
      .selectFrom("group_vouches")
      .innerJoin("users", "users.id", "group_vouches.user_id")
      .select(["group_vouches.group_id", "users.handle", "group_vouches.reason", "group_vouches.created_at"])
      .where("group_vouches.group_id", "in", ids)
      .execute();
    for (const v of byGroupThen(rows, (r) => r.handle)) {
      yield ["group_vouch", { group_id: v.group_id, user: v.handle, reason: v.reason, created_at: v.created_at }];
    }
  }
  for await (const ids of groupIdPages(db)) {
    const rows = await db
      .selectFrom("group_status_changes")
      .leftJoin("users", "users.id", "group_status_changes.actor_id")
      .select([
        "group_status_changes.id",
        "group_status_changes.group_id",
        "group_status_changes.from_status",
        "group_status_changes.to_status",
        "users.handle",
        "group_status_changes.reason",
        "group_status_changes.created_at",
      ])
      .where("group_status_changes.group_id", "in", ids)
      .execute();
    for (const s of byGroupThen(
      rows,
      (r) => r.created_at,
      (r) => r.id,
    )) {
      yield [
        "group_status_change",
        {
          id: s.id,
          group_id: s.group_id,
          from_status: s.from_status,
          to_status: s.to_status,
          actor: s.handle ?? null,
          reason: s.reason,
          created_at: s.created_at,
        },
      ];
    }
  }
  yield* keyRecords(db);
}

/** Signing keys of exported groups and of the instance, public halves only: the sealed private key never leaves. */
async function* keyRecords(db: Db): AsyncGenerator<ExportRecord> {
  const rows = keyset((after: { id: string } | null, limit: number) => {
    let q = db
      .selectFrom("signing_keys")
      .leftJoin("users as creator", "creator.id", "signing_keys.created_by")
      .leftJoin("users as revoker", "revoker.id", "signing_keys.revoked_by")
      .select([
        "signing_keys.id",
        "signing_keys.group_id",
        "signing_keys.custody",
        "signing_keys.public_key",
        "signing_keys.public_key_text",
        "signing_keys.fingerprint",
        "signing_keys.status",
        "signing_keys.created_at",
        "creator.handle as created_by",
        "signing_keys.retired_at",
        "signing_keys.revoked_at",
        "signing_keys.revoked_reason",
        "revoker.handle as revoked_by",
      ])
      .where((eb) => eb.or([eb("signing_keys.group_id", "is", null), eb("signing_keys.group_id", "in", exportedGroupIds(db))]));
    if (after) {
      q = q.where("signing_keys.id", ">", after.id);
    }
    return q.orderBy("signing_keys.id").limit(limit).execute();
  });
  for await (const k of rows) {
    yield ["signing_key", { ...k, created_by: k.created_by ?? null, revoked_by: k.revoked_by ?? null, sealed_private_key: null }];
  }
}
