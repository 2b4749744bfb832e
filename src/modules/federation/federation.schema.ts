import type { Generated } from "kysely";

/** Rows owned by the federation module (ActivityPub). */

export interface ApActorKeysTable {
  /** "group:<group id>" or "instance". */
  actor: string;
  public_jwk: string;
  /** The private JWK sealed with a key derived from SADA_SECRET (aad = actor). */
  sealed_private_jwk: string;
  created_at: string;
}

export interface ApFollowersTable {
  local_actor: string;
  actor_uri: string;
  inbox: string;
  shared_inbox: string | null;
  handle: string | null;
  follow_activity: string | null;
  created_at: string;
}

/** create: first publication; update: a new revision or translation; the worker sends Delete for retracted statements. */
export type OutboxKind = "create" | "update";

export interface ApOutboxTable {
  seq: Generated<number>;
  statement_id: string;
  kind: OutboxKind;
  created_at: string;
}

export type DeliveryStatus = "pending" | "delivered" | "failed" | "skipped";

export interface ApDeliveriesTable {
  id: string;
  /** The local actor that signs: "group:<id>" or "instance". */
  sender: string;
  inbox: string;
  activity_id: string;
  activity_type: string;
  /** The activity as JSON-LD, exactly as sent. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ApInboxesTable {
  inbox: string;
  consecutive_failures: number;
  first_failure_at: string | null;
  last_failure_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  dead_since: string | null;
}

export type ReactionKind = "like" | "announce";

export interface ApReactionsTable {
  statement_id: string;
  kind: ReactionKind;
  actor_uri: string;
  activity_uri: string;
  created_at: string;
}

export type FollowingStatus = "pending" | "accepted" | "rejected";

export interface ApFollowingTable {
  actor_uri: string;
  handle: string;
  name: string | null;
  inbox: string;
  status: FollowingStatus;
  follow_activity: string;
  created_at: string;
  created_by: string | null;
}

export interface ApRemotePostsTable {
  object_uri: string;
  actor_uri: string;
  url: string | null;
  /** The language of `content` (the original), when the sender said. */
  lang: string | null;
  /** JSON object: language tag (or "" for no language) → title. */
  names: string;
  /** JSON object: language tag (or "") → HTML as sent. */
  contents: string;
  published_at: string;
  updated_at: string | null;
  deleted_at: string | null;
  received_at: string;
}

export interface ApKvTable {
  key: string;
  value: string;
  expires_at: string | null;
}

export interface FederationTables {
  ap_actor_keys: ApActorKeysTable;
  ap_followers: ApFollowersTable;
  ap_outbox: ApOutboxTable;
  ap_deliveries: ApDeliveriesTable;
  ap_inboxes: ApInboxesTable;
  ap_reactions: ApReactionsTable;
  ap_following: ApFollowingTable;
  ap_remote_posts: ApRemotePostsTable;
  ap_kv: ApKvTable;
}
