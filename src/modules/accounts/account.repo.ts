import type { Db } from "../database";
import type { ApiTokensTable, SessionsTable, UsersTable } from "./account.schema";

/** Writes and look-ups for users, sessions and tokens. Only this module touches these tables. */
export const accountRepo = {
  insertUser: (db: Db, row: UsersTable) => db.insertInto("users").values(row).execute(),

  findUserByHandle: (db: Db, handle: string) => db.selectFrom("users").selectAll().where("handle", "=", handle).executeTakeFirst(),

  findUsersByIds: (db: Db, ids: string[]) =>
    ids.length === 0 ? Promise.resolve([]) : db.selectFrom("users").select(["id", "handle", "role"]).where("id", "in", ids).execute(),

  updateUser: (db: Db, id: string, patch: Partial<Pick<UsersTable, "locale" | "email" | "role">>) =>
    db.updateTable("users").set(patch).where("id", "=", id).execute(),

  countAdmins: async (db: Db) => {
    const row = await db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("role", "=", "admin")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  insertSession: (db: Db, row: SessionsTable) => db.insertInto("sessions").values(row).execute(),

  findSessionUser: (db: Db, tokenHash: string, nowIso: string) =>
    db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select(["users.id", "users.handle", "users.role", "users.locale"])
      .where("sessions.token_hash", "=", tokenHash)
      .where("sessions.expires_at", ">", nowIso)
      .executeTakeFirst(),

  deleteSession: (db: Db, tokenHash: string) => db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute(),

  deleteExpiredSessions: (db: Db, nowIso: string) => db.deleteFrom("sessions").where("expires_at", "<=", nowIso).execute(),

  insertApiToken: (db: Db, row: ApiTokensTable) => db.insertInto("api_tokens").values(row).execute(),

  findApiTokenUser: (db: Db, tokenHash: string) =>
    db
      .selectFrom("api_tokens")
      .innerJoin("users", "users.id", "api_tokens.user_id")
      .select(["users.id", "users.handle", "users.role", "users.locale"])
      .where("api_tokens.token_hash", "=", tokenHash)
      .where("api_tokens.revoked_at", "is", null)
      .executeTakeFirst(),

  getSetting: async (db: Db, key: string) => (await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst())?.value ?? null,

  putSetting: (db: Db, key: string, value: string) =>
    db
      .insertInto("settings")
      .values({ key, value })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
      .execute(),

  deleteSetting: (db: Db, key: string) => db.deleteFrom("settings").where("key", "=", key).execute(),
};
