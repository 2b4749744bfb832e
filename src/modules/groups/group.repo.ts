import type { Db } from "../database";
import type { GroupMembersTable, GroupNeedsTable, GroupStatusChangesTable, GroupSupportChannelsTable, GroupsTable } from "./group.schema";

/** Writes for the group aggregate. Call inside a transaction when several go together. */
export const groupRepo = {
  insertGroup: (db: Db, row: GroupsTable) => db.insertInto("groups").values(row).execute(),

  findBySlug: (db: Db, slug: string) => db.selectFrom("groups").selectAll().where("slug", "=", slug).executeTakeFirst(),

  /** Optimistic update: changes nothing (returns false) when someone else saved first. */
  async updateIfVersion(db: Db, id: string, version: number, patch: Partial<Omit<GroupsTable, "id" | "version">>): Promise<boolean> {
    const result = await db
      .updateTable("groups")
      .set({ ...patch, version: version + 1 })
      .where("id", "=", id)
      .where("version", "=", version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  bumpVersion: (db: Db, id: string, updatedAt: string) =>
    db
      .updateTable("groups")
      .set((eb) => ({ version: eb("version", "+", 1), updated_at: updatedAt }))
      .where("id", "=", id)
      .execute(),

  upsertProfile: async (db: Db, groupId: string, p: { lang: string; name: string; description: string }) => {
    await db
      .insertInto("group_profiles")
      .values({ group_id: groupId, lang: p.lang, name: p.name, description: p.description })
      .onConflict((oc) => oc.columns(["group_id", "lang"]).doUpdateSet({ name: p.name, description: p.description }))
      .execute();
  },

  replacePlaces: async (db: Db, groupId: string, codes: string[]) => {
    await db.deleteFrom("group_places").where("group_id", "=", groupId).execute();
    if (codes.length > 0) {
      await db
        .insertInto("group_places")
        .values([...new Set(codes)].map((place_code) => ({ group_id: groupId, place_code })))
        .execute();
    }
  },

  replaceLanguages: async (db: Db, groupId: string, langs: string[]) => {
    await db.deleteFrom("group_languages").where("group_id", "=", groupId).execute();
    if (langs.length > 0) {
      await db
        .insertInto("group_languages")
        .values([...new Set(langs)].map((lang) => ({ group_id: groupId, lang })))
        .execute();
    }
  },

  insertSupportChannel: (db: Db, row: GroupSupportChannelsTable) => db.insertInto("group_support_channels").values(row).execute(),
  deleteSupportChannel: (db: Db, groupId: string, id: string) =>
    db.deleteFrom("group_support_channels").where("group_id", "=", groupId).where("id", "=", id).executeTakeFirst(),
  countSupportChannels: async (db: Db, groupId: string) =>
    Number(
      (
        await db
          .selectFrom("group_support_channels")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("group_id", "=", groupId)
          .executeTakeFirstOrThrow()
      ).n,
    ),

  insertNeed: (db: Db, row: GroupNeedsTable) => db.insertInto("group_needs").values(row).execute(),
  deleteNeed: (db: Db, groupId: string, id: string) => db.deleteFrom("group_needs").where("group_id", "=", groupId).where("id", "=", id).executeTakeFirst(),

  insertVouch: (db: Db, row: { group_id: string; user_id: string; reason: string; created_at: string }) => db.insertInto("group_vouches").values(row).execute(),
  hasVouched: async (db: Db, groupId: string, userId: string) =>
    (await db.selectFrom("group_vouches").select("user_id").where("group_id", "=", groupId).where("user_id", "=", userId).executeTakeFirst()) !== undefined,
  countVouches: async (db: Db, groupId: string) =>
    Number(
      (
        await db
          .selectFrom("group_vouches")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("group_id", "=", groupId)
          .executeTakeFirstOrThrow()
      ).n,
    ),

  insertStatusChange: (db: Db, row: GroupStatusChangesTable) => db.insertInto("group_status_changes").values(row).execute(),
  setStatus: (db: Db, id: string, status: string, updatedAt: string) =>
    db
      .updateTable("groups")
      .set((eb) => ({ status, updated_at: updatedAt, version: eb("version", "+", 1) }))
      .where("id", "=", id)
      .execute(),

  findMembership: (db: Db, groupId: string, userId: string) =>
    db.selectFrom("group_members").selectAll().where("group_id", "=", groupId).where("user_id", "=", userId).executeTakeFirst(),
  insertMember: (db: Db, row: GroupMembersTable) => db.insertInto("group_members").values(row).execute(),
  acceptMembership: (db: Db, groupId: string, userId: string, at: string) =>
    db
      .updateTable("group_members")
      .set({ accepted_at: at })
      .where("group_id", "=", groupId)
      .where("user_id", "=", userId)
      .where("accepted_at", "is", null)
      .executeTakeFirst(),
  deleteMembership: (db: Db, groupId: string, userId: string) =>
    db.deleteFrom("group_members").where("group_id", "=", groupId).where("user_id", "=", userId).executeTakeFirst(),
};
