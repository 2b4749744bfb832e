import { sql, type Kysely } from "kysely";

// Stronger sign-in: sessions that a person can list and end, second factors (TOTP with
// recovery codes, passkeys), sign-ins waiting for their second factor, and WebAuthn challenges.
// Frozen once merged.
export async function up(db: Kysely<any>): Promise<void> {
  // Sessions get a public id (to list and revoke them without exposing anything usable), the
  // day they were last used, how they were opened, and when the person last proved who they are.
  await db.schema.alterTable("sessions").addColumn("id", "text").execute();
  await db.schema.alterTable("sessions").addColumn("last_seen_at", "text").execute();
  await db.schema.alterTable("sessions").addColumn("method", "text").execute();
  await db.schema.alterTable("sessions").addColumn("reauth_at", "text").execute();
  await sql`update sessions set id = substr(token_hash, 1, 24), last_seen_at = created_at, method = 'password', reauth_at = created_at`.execute(db);
  await db.schema.createIndex("sessions_id_idx").on("sessions").column("id").unique().execute();

  // One TOTP authenticator per account; the secret sealed with a key derived from SADA_SECRET.
  await db.schema
    .createTable("totp_factors")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("sealed_secret", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .addColumn("last_step", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  // Single-use recovery codes, stored as keyed hashes (HMAC-SHA-256 with a key from SADA_SECRET).
  await db.schema
    .createTable("recovery_codes")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("recovery_codes_pk", ["user_id", "code_hash"])
    .execute();

  // WebAuthn credentials (passkeys).
  await db.schema
    .createTable("passkeys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("counter", "integer", (c) => c.notNull())
    .addColumn("transports", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .execute();
  await db.schema.createIndex("passkeys_user_idx").on("passkeys").column("user_id").execute();

  // A correct password waiting for its second factor: a short-lived token held in a cookie.
  await db.schema
    .createTable("pending_signins")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();

  // Challenges handed to a browser for one WebAuthn ceremony, spent when answered.
  await db.schema
    .createTable("webauthn_challenges")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("challenge", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
}
