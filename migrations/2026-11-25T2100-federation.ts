import type { Kysely } from "kysely";
import { isPostgres } from "./lib/helpers";

// Federation (ActivityPub): the keys our actors sign deliveries with, who follows them, what
// waits to be delivered and to which inbox, how each inbox is doing, likes and boosts received,
// the remote accounts this instance follows and the posts they sent. Frozen once merged.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await isPostgres(db);

  // One RSA key pair per local actor ("group:<id>" or "instance"); the private half sealed
  // with a key derived from SADA_SECRET, bound to the actor.
  await db.schema
    .createTable("ap_actor_keys")
    .addColumn("actor", "text", (c) => c.primaryKey())
    .addColumn("public_jwk", "text", (c) => c.notNull())
    .addColumn("sealed_private_jwk", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  // Remote actors following a local actor.
  await db.schema
    .createTable("ap_followers")
    .addColumn("local_actor", "text", (c) => c.notNull())
    .addColumn("actor_uri", "text", (c) => c.notNull())
    .addColumn("inbox", "text", (c) => c.notNull())
    .addColumn("shared_inbox", "text")
    .addColumn("handle", "text")
    .addColumn("follow_activity", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ap_followers_pk", ["local_actor", "actor_uri"])
    .execute();

  // Statements whose federated copy must be created, updated or deleted: written in the
  // transaction of the change, so a change is never lost, and fanned out by the worker.
  await db.schema
    .createTable("ap_outbox")
    .addColumn("seq", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("statement_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  // One row per activity and inbox: bounded retries with back-off.
  await db.schema
    .createTable("ap_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("sender", "text", (c) => c.notNull())
    .addColumn("inbox", "text", (c) => c.notNull())
    .addColumn("activity_id", "text", (c) => c.notNull())
    .addColumn("activity_type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("ap_deliveries_due_idx").on("ap_deliveries").columns(["status", "next_attempt_at"]).execute();

  // Health of each remote inbox: consecutive failures; a dead inbox gets no new deliveries
  // until it answers again (an activity from its server revives it).
  await db.schema
    .createTable("ap_inboxes")
    .addColumn("inbox", "text", (c) => c.primaryKey())
    .addColumn("consecutive_failures", "integer", (c) => c.notNull())
    .addColumn("first_failure_at", "text")
    .addColumn("last_failure_at", "text")
    .addColumn("last_success_at", "text")
    .addColumn("last_error", "text")
    .addColumn("dead_since", "text")
    .execute();

  // Likes and boosts of our statements, one per remote actor and kind.
  await db.schema
    .createTable("ap_reactions")
    .addColumn("statement_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("actor_uri", "text", (c) => c.notNull())
    .addColumn("activity_uri", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ap_reactions_pk", ["statement_id", "kind", "actor_uri"])
    .execute();
  await db.schema.createIndex("ap_reactions_activity_idx").on("ap_reactions").column("activity_uri").execute();

  // Remote accounts this instance's actor follows (chosen by admins).
  await db.schema
    .createTable("ap_following")
    .addColumn("actor_uri", "text", (c) => c.primaryKey())
    .addColumn("handle", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("inbox", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("follow_activity", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();

  // Posts received from followed accounts. Text is kept as sent and rendered as plain text.
  await db.schema
    .createTable("ap_remote_posts")
    .addColumn("object_uri", "text", (c) => c.primaryKey())
    .addColumn("actor_uri", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("lang", "text")
    .addColumn("names", "text", (c) => c.notNull())
    .addColumn("contents", "text", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text")
    .addColumn("deleted_at", "text")
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ap_remote_posts_published_idx").on("ap_remote_posts").column("published_at").execute();

  // Fedify's key-value store (its caches and idempotence records).
  await db.schema
    .createTable("ap_kv")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .execute();
}
