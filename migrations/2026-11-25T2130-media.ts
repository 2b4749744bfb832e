import type { Kysely } from "kysely";

// media: photos and documents attached to statements and incidents. Frozen once merged.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("media")
    .addColumn("id", "text", (c) => c.primaryKey())
    // What the file is attached to: "statement" or "incident", and that row's id (no foreign key: two owner tables).
    .addColumn("owner_kind", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    // "image" (re-encoded, served inline) or "file" (served only as a download).
    .addColumn("kind", "text", (c) => c.notNull())
    // SHA-256 of what is served (the cleaned largest JPEG, or the file itself): the public name.
    .addColumn("public_hash", "text", (c) => c.notNull())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("alt", "text", (c) => c.notNull())
    .addColumn("byte_size", "integer", (c) => c.notNull())
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    // JSON list of the served variants: [{name, mime, width, height, bytes}].
    .addColumn("variants", "text", (c) => c.notNull())
    // The untouched upload, encrypted, for editors (only when SADA_KEEP_ORIGINALS=true).
    .addColumn("original_key", "text")
    .addColumn("original_sha256", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("media_owner_idx").on("media").columns(["owner_kind", "owner_id", "created_at"]).execute();
  await db.schema.createIndex("media_public_hash_idx").on("media").column("public_hash").execute();
}
