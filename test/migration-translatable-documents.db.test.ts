/* eslint-disable @typescript-eslint/no-explicit-any -- the schema before the migration is not the application's Database type, as in migrations/. */
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type DbHandle } from "../src/platform/db/connect";
import { migrateToLatest, migrateUpTo } from "../src/platform/db/migrator";
import { freshDatabaseUrl } from "./db";

// The incident-revisions migration rebuilds the translation tables on SQLite (to drop their
// foreign key to statements). Existing translations must survive it unchanged, and the
// remaining foreign keys must still hold and cascade.
const T = "2026-11-25T12:00:00.000Z";
let handle: DbHandle<any>;
let drop: () => Promise<void>;

function database(url: string) {
  return url.startsWith("sqlite:") ? { kind: "sqlite" as const, path: url.slice("sqlite:".length) } : { kind: "postgres" as const, url };
}

async function seedBeforeMigration(db: Kysely<any>) {
  await db.insertInto("users").values({ id: "u1", handle: "rima", password_hash: "x", role: "translator", created_at: T }).execute();
  await db
    .insertInto("groups")
    .values({ id: "g1", slug: "douma", kind: "local_council", status: "vouched", default_lang: "ar", contact: "", version: 1, created_at: T, updated_at: T })
    .execute();
  await db
    .insertInto("statements")
    .values({
      id: "s1",
      group_id: "g1",
      kind: "statement",
      lang: "ar",
      status: "published",
      current_revision: 1,
      current_hash: "h",
      title: "بيان",
      published_at: T,
      updated_at: T,
    })
    .execute();
  await db
    .insertInto("segments")
    .values([
      { id: "seg1", statement_id: "s1", lang: "ar", source: "بيان", markup: "[]", created_at: T },
      { id: "seg2", statement_id: "s1", lang: "ar", source: "نص", markup: "[]", created_at: T },
    ])
    .execute();
  await db
    .insertInto("revision_segments")
    .values([
      { statement_id: "s1", revision: 1, position: 0, segment_id: "seg1", block: 0, block_kind: "title" },
      { statement_id: "s1", revision: 1, position: 1, segment_id: "seg2", block: 1, block_kind: "paragraph" },
    ])
    .execute();
  await db
    .insertInto("translation_targets")
    .values({ statement_id: "s1", lang: "en", added_by: "u1", created_at: T, claimed_by: "u1", claim_expires_at: T, published_revision: 1, published_at: T })
    .execute();
  await db
    .insertInto("segment_translations")
    .values([
      {
        segment_id: "seg1",
        lang: "en",
        text: "Statement",
        status: "approved",
        approved_text: "Statement",
        version: 3,
        machine: 1,
        translator_id: "u1",
        reviewer_id: "u1",
        comment: "ok",
        updated_at: T,
      },
      {
        segment_id: "seg2",
        lang: "en",
        text: "Text",
        status: "approved",
        approved_text: "Text",
        version: 1,
        machine: 0,
        translator_id: "u1",
        reviewer_id: null,
        comment: null,
        updated_at: T,
      },
    ])
    .execute();
}

async function snapshot(db: Kysely<any>) {
  return {
    segments: await db.selectFrom("segments").selectAll().orderBy("id").execute(),
    revisionSegments: await db.selectFrom("revision_segments").selectAll().orderBy("position").execute(),
    targets: await db.selectFrom("translation_targets").selectAll().execute(),
    translations: await db.selectFrom("segment_translations").selectAll().orderBy("segment_id").execute(),
  };
}

beforeAll(async () => {
  const fresh = await freshDatabaseUrl();
  drop = fresh.drop;
  handle = connect<any>(database(fresh.url));
  await migrateUpTo(handle.db, "2026-11-25T2140-sign-in");
  await seedBeforeMigration(handle.db);
});

afterAll(async () => {
  await handle.close();
  await drop();
});

describe("migration 2026-11-26T0100-incident-revisions on existing translations", () => {
  it("keeps every translation row, keeps the other foreign keys, and accepts incident documents", async () => {
    const before = await snapshot(handle.db);
    await migrateToLatest(handle.db);
    expect(await snapshot(handle.db)).toEqual(before);
    if (handle.dialect === "sqlite") {
      const problems = await sql`pragma foreign_key_check`.execute(handle.db);
      expect(problems.rows).toEqual([]);
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(handle.db);
      expect(integrity.rows[0]?.integrity_check).toBe("ok");
    }
    // The document key no longer has to be a statement.
    await handle.db
      .insertInto("segments")
      .values({ id: "seg3", statement_id: "incident-1", lang: "ar", source: "غارة", markup: "[]", created_at: T })
      .execute();
    // Still enforced: a translation of a segment that does not exist.
    await expect(
      handle.db
        .insertInto("segment_translations")
        .values({
          segment_id: "nope",
          lang: "en",
          text: "x",
          status: "draft",
          approved_text: null,
          version: 1,
          machine: 0,
          translator_id: null,
          reviewer_id: null,
          comment: null,
          updated_at: T,
        })
        .execute(),
    ).rejects.toThrow();
    // Still cascading: removing a segment removes its translations and positions.
    await handle.db.deleteFrom("segments").where("id", "=", "seg2").execute();
    expect(await handle.db.selectFrom("segment_translations").select("segment_id").execute()).toEqual([{ segment_id: "seg1" }]);
    expect(await handle.db.selectFrom("revision_segments").select("segment_id").execute()).toEqual([{ segment_id: "seg1" }]);
    // Users' foreign keys still set null.
    await handle.db.deleteFrom("users").where("id", "=", "u1").execute();
    const t = await handle.db.selectFrom("segment_translations").select(["translator_id", "reviewer_id"]).executeTakeFirstOrThrow();
    expect(t).toEqual({ translator_id: null, reviewer_id: null });
    const docs = await handle.db.selectFrom("translatable_documents").selectAll().execute();
    expect(docs).toEqual([
      {
        id: "s1",
        document: "statement",
        kind: "statement",
        lang: "ar",
        title: "بيان",
        current_revision: 1,
        status: "published",
        group_id: "g1",
        published_at: T,
      },
    ]);
  });
});
