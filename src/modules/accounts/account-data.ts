// A person's own data: everything Sada holds about their account, as one JSON document; and
// deleting the account. Deleting removes every way to sign in and every personal detail; what
// the person published in a group's name stays, signed and logged, under a handle that no longer
// points to anyone ("deleted-…"), because groups' records must not change after the fact.
import { randomBytes } from "node:crypto";
import type { Clock } from "../../platform/clock";
import type { DbContext } from "../database";
import { hashPassword } from "./password";

export interface AccountData {
  format: "sada-account-data/1";
  exportedAt: string;
  account: { handle: string; email: string | null; role: string; interfaceLanguage: string | null; createdAt: string };
  sessions: Array<{ startedAt: string; lastUsedAt: string; method: string }>;
  apiTokens: Array<{ label: string; createdAt: string; revokedAt: string | null }>;
  secondFactors: { authenticatorApp: boolean; recoveryCodesLeft: number; passkeys: Array<{ name: string; addedAt: string; lastUsedAt: string | null }> };
  groups: Array<{ slug: string; role: string; accepted: boolean }>;
  vouches: Array<{ group: string; reason: string; at: string }>;
  revisions: Array<{ statementId: string; number: number; title: string; at: string }>;
  translations: Array<{ segmentId: string; lang: string; status: string; role: "translator" | "reviewer" }>;
  comments: Array<{ id: string; statementId: string; lang: string; status: string; body: string; at: string; editedAt: string | null }>;
}

export async function exportAccountData(deps: DbContext & { clock: Clock }, userId: string): Promise<AccountData | null> {
  const db = deps.db;
  const user = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!user) {
    return null;
  }
  const [sessions, tokens, totp, codes, passkeys, groups, vouches, revisions, translated, comments] = await Promise.all([
    db.selectFrom("sessions").select(["created_at", "last_seen_at", "method"]).where("user_id", "=", userId).orderBy("created_at").execute(),
    db.selectFrom("api_tokens").select(["label", "created_at", "revoked_at"]).where("user_id", "=", userId).orderBy("created_at").execute(),
    db.selectFrom("totp_factors").select("confirmed_at").where("user_id", "=", userId).executeTakeFirst(),
    db.selectFrom("recovery_codes").select("code_hash").where("user_id", "=", userId).where("used_at", "is", null).execute(),
    db.selectFrom("passkeys").select(["name", "created_at", "last_used_at"]).where("user_id", "=", userId).orderBy("created_at").execute(),
    db
      .selectFrom("group_members")
      .innerJoin("groups", "groups.id", "group_members.group_id")
      .select(["groups.slug", "group_members.role", "group_members.accepted_at"])
      .where("group_members.user_id", "=", userId)
      .orderBy("groups.slug")
      .execute(),
    db
      .selectFrom("group_vouches")
      .innerJoin("groups", "groups.id", "group_vouches.group_id")
      .select(["groups.slug", "group_vouches.reason", "group_vouches.created_at"])
      .where("group_vouches.user_id", "=", userId)
      .orderBy("group_vouches.created_at")
      .execute(),
    db
      .selectFrom("statement_revisions")
      .select(["statement_id", "number", "title", "created_at"])
      .where("author_id", "=", userId)
      .orderBy("created_at")
      .orderBy("statement_id")
      .execute(),
    db
      .selectFrom("segment_translations")
      .select(["segment_id", "lang", "status", "translator_id"])
      .where((eb) => eb.or([eb("translator_id", "=", userId), eb("reviewer_id", "=", userId)]))
      .orderBy("segment_id")
      .orderBy("lang")
      .execute(),
    db
      .selectFrom("comments")
      .select(["id", "statement_id", "lang", "status", "body", "created_at", "edited_at"])
      .where("author_id", "=", userId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  ]);
  return {
    format: "sada-account-data/1",
    exportedAt: deps.clock.now().toISOString(),
    account: { handle: user.handle, email: user.email, role: user.role, interfaceLanguage: user.locale, createdAt: user.created_at },
    sessions: sessions.map((s) => ({ startedAt: s.created_at, lastUsedAt: s.last_seen_at, method: s.method })),
    apiTokens: tokens.map((t) => ({ label: t.label, createdAt: t.created_at, revokedAt: t.revoked_at })),
    secondFactors: {
      authenticatorApp: totp?.confirmed_at != null,
      recoveryCodesLeft: codes.length,
      passkeys: passkeys.map((p) => ({ name: p.name, addedAt: p.created_at, lastUsedAt: p.last_used_at })),
    },
    groups: groups.map((g) => ({ slug: g.slug, role: g.role, accepted: g.accepted_at !== null })),
    vouches: vouches.map((v) => ({ group: v.slug, reason: v.reason, at: v.created_at })),
    revisions: revisions.map((r) => ({ statementId: r.statement_id, number: r.number, title: r.title, at: r.created_at })),
    translations: translated.map((t) => ({
      segmentId: t.segment_id,
      lang: t.lang,
      status: t.status,
      role: t.translator_id === userId ? "translator" : "reviewer",
    })),
    comments: comments.map((c) => ({
      id: c.id,
      statementId: c.statement_id,
      lang: c.lang,
      status: c.status,
      body: c.body,
      at: c.created_at,
      editedAt: c.edited_at,
    })),
  };
}

/**
 * Deletes an account: sessions, tokens, second factors, memberships and personal details go;
 * the row stays as "deleted-<random>" so the public record keeps its shape. Returns the new handle.
 */
export async function deleteAccount(
  deps: DbContext & { clock: Clock },
  userId: string,
  /** What other modules erase in the same transaction (the person's comments). */
  alsoErase: Array<(tx: DbContext & { clock: Clock }, userId: string) => Promise<void>> = [],
): Promise<string> {
  const handle = `deleted-${randomBytes(6).toString("hex")}`;
  // A password nobody knows: the hash of 32 random bytes nobody keeps.
  const unusable = await hashPassword(randomBytes(32).toString("base64url"));
  await deps.db.transaction().execute(async (trx) => {
    for (const table of [
      "sessions",
      "api_tokens",
      "totp_factors",
      "recovery_codes",
      "passkeys",
      "pending_signins",
      "webauthn_challenges",
      "group_members",
      "translator_pairs",
    ] as const) {
      await trx.deleteFrom(table).where("user_id", "=", userId).execute();
    }
    for (const erase of alsoErase) {
      await erase({ db: trx, dialect: deps.dialect, clock: deps.clock }, userId);
    }
    await trx.updateTable("users").set({ handle, email: null, password_hash: unusable, role: "reader", locale: null }).where("id", "=", userId).execute();
  });
  return handle;
}
