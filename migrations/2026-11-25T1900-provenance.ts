import type { Kysely } from "kysely";
import { isPostgres } from "./lib/helpers";

// Provenance: signing keys of groups and of the instance, signatures of revisions and
// translations, and the transparency log (queue, entries, tree nodes, checkpoints).
// Frozen once merged.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await isPostgres(db);
  // On SQLite only "integer primary key" makes the column the row id (no second index).
  const int64 = pg ? "bigint" : "integer";

  // Ed25519 keys. `owner` is a group id, or null for the instance's own key. The server holds
  // the private key (sealed with a key derived from SADA_SECRET) only when custody is "server".
  await db.schema
    .createTable("signing_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("group_id", "text", (c) => c.references("groups.id").onDelete("restrict"))
    .addColumn("custody", "text", (c) => c.notNull())
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("public_key_text", "text")
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("sealed_private_key", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("retired_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("revoked_reason", "text")
    .addColumn("revoked_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("signing_keys_group_idx").on("signing_keys").columns(["group_id", "status"]).execute();
  await db.schema.createIndex("signing_keys_fingerprint_idx").on("signing_keys").column("fingerprint").execute();

  // One signature per revision, over its canonical form. `format` says how to check it:
  // "ed25519" (base64 raw signature), "sshsig" (armored OpenSSH signature, namespace "sada") or
  // "minisign" (a minisign signature file).
  await db.schema
    .createTable("revision_signatures")
    .addColumn("statement_id", "text", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull().references("signing_keys.id").onDelete("restrict"))
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("revision_signatures_pk", ["statement_id", "number"])
    .execute();

  // Each publication of a translation, signed by the instance key over its canonical form.
  await db.schema
    .createTable("translation_publications")
    .addColumn("statement_id", "text", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("source_revision", "integer", (c) => c.notNull())
    .addColumn("canonical", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull().references("signing_keys.id").onDelete("restrict"))
    .addColumn("signature", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("translation_publications_pk", ["statement_id", "lang", "number"])
    .execute();

  // Entries waiting to be appended: written in the transaction of the event they record, so
  // the log never misses one, and drained in order by one appender at a time.
  await db.schema
    .createTable("log_queue")
    .addColumn("seq", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("entry", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  // The log itself: entry i is leaf i of the Merkle tree (0-based).
  await db.schema
    .createTable("log_entries")
    .addColumn("idx", int64, (c) => c.primaryKey())
    .addColumn("entry", "text", (c) => c.notNull())
    .addColumn("leaf_hash", "text", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("log_entries_leaf_idx").on("log_entries").column("leaf_hash").execute();
  await db.schema.createIndex("log_entries_subject_idx").on("log_entries").column("subject").execute();

  // Hashes of the tree's perfect subtrees, keyed by index · 64 + level, so any proof is one
  // indexed read of a few dozen rows.
  await db.schema
    .createTable("log_nodes")
    .addColumn("id", int64, (c) => c.primaryKey())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();

  // One row: the size of the tree. Appenders lock it, so appends are strictly sequenced.
  await db.schema
    .createTable("log_state")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("size", "bigint", (c) => c.notNull())
    .execute();
  await db.insertInto("log_state").values({ id: 1, size: 0 }).execute();

  // Signed tree heads, in the C2SP checkpoint format.
  await db.schema
    .createTable("log_checkpoints")
    .addColumn("size", int64, (c) => c.primaryKey())
    .addColumn("root_hash", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  // Small instance-wide values that must survive restarts (the log's origin line).
  await db.schema
    .createTable("instance_settings")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}
