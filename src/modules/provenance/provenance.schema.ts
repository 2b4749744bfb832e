import type { Generated } from "kysely";

/** Rows owned by the provenance module: signing keys, signatures and the transparency log. */

/** custody: "server" (the server holds the sealed private key and signs), "ssh" or "minisign" (the group signs offline). */
export type KeyCustody = "server" | "ssh" | "minisign";
/** active: signs new revisions; rotated: replaced by a newer key, old signatures stay valid; revoked: withdrawn (compromised or mistaken). */
export type KeyStatus = "active" | "rotated" | "revoked";

export interface SigningKeysTable {
  id: string;
  /** The group the key speaks for; null for the instance's own key. */
  group_id: string | null;
  custody: KeyCustody;
  /** Raw 32-byte Ed25519 public key, base64. */
  public_key: string;
  /** The key as the group registered it (OpenSSH line or minisign file), for offline keys. */
  public_key_text: string | null;
  /** OpenSSH-style SHA256 fingerprint, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** "v1.nonce.ciphertext" sealed with a key derived from SADA_SECRET; only for custody "server". */
  sealed_private_key: string | null;
  status: KeyStatus;
  created_at: string;
  created_by: string | null;
  retired_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
  revoked_by: string | null;
}

export type SignatureFormat = "ed25519" | "sshsig" | "minisign";

export interface RevisionSignaturesTable {
  statement_id: string;
  number: number;
  key_id: string;
  format: SignatureFormat;
  signature: string;
  created_at: string;
}

export interface TranslationPublicationsTable {
  statement_id: string;
  lang: string;
  number: number;
  source_revision: number;
  canonical: string;
  hash: string;
  key_id: string;
  signature: string;
  created_at: string;
}

export interface LogQueueTable {
  seq: Generated<number | string>;
  entry: string;
  created_at: string;
}

export interface LogEntriesTable {
  idx: number | string;
  entry: string;
  /** SHA-256(0x00 ‖ entry), hex. */
  leaf_hash: string;
  /** What the entry is about ("statement:ID", "group:ID", "key:ID"), for look-ups. */
  subject: string | null;
  created_at: string;
}

export interface LogNodesTable {
  /** index · 64 + level of a perfect subtree. */
  id: number | string;
  hash: string;
}

export interface LogStateTable {
  id: number;
  size: number | string;
}

export interface LogCheckpointsTable {
  size: number | string;
  root_hash: string;
  note: string;
  created_at: string;
}

export interface InstanceSettingsTable {
  name: string;
  value: string;
}

export interface ProvenanceTables {
  signing_keys: SigningKeysTable;
  revision_signatures: RevisionSignaturesTable;
  translation_publications: TranslationPublicationsTable;
  log_queue: LogQueueTable;
  log_entries: LogEntriesTable;
  log_nodes: LogNodesTable;
  log_state: LogStateTable;
  log_checkpoints: LogCheckpointsTable;
  instance_settings: InstanceSettingsTable;
}
