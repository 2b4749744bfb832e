import { isoNow, type Clock } from "../../platform/clock";
import { newId } from "../../platform/ids";
import type { Db, DbContext } from "../database";
import { logRepo } from "./log/log.repo";
import type { CheckpointSigner } from "./log/log.appender";
import type { KeyCustody, SigningKeysTable } from "./provenance.schema";
import { fingerprint, fromBase64Strict, generateKeyPair, minisignKeyToRaw, open, parseOpenSshPublicKey, seal, toBase64 } from "./signing";

/** The key that opens sealed private keys, derived once from SADA_SECRET. */
export interface KeyVault {
  sealingKey: Uint8Array;
}

export type KeyRow = SigningKeysTable;

/** A private key opened for signing, with what a signature must name. */
export interface OpenKey {
  id: string;
  fingerprint: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

type Tx = DbContext & { clock: Clock };

const ORIGIN_SETTING = "log_origin";

/** The log's origin line: the public address without scheme, plus "/log" (e.g. "sada.example.org/log"). */
export function originFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, "")}/log`;
}

export function publicKeyOf(row: Pick<KeyRow, "public_key">): Uint8Array {
  const key = fromBase64Strict(row.public_key);
  if (!key || key.length !== 32) {
    throw new Error("stored public key is not 32 bytes of base64");
  }
  return key;
}

function openKey(vault: KeyVault, row: KeyRow): OpenKey {
  if (!row.sealed_private_key) {
    throw new Error(`key ${row.fingerprint} is held offline by its group`);
  }
  return { id: row.id, fingerprint: row.fingerprint, publicKey: publicKeyOf(row), privateKey: open(vault.sealingKey, row.sealed_private_key, row.id) };
}

async function insertKey(
  tx: Tx,
  input: { groupId: string | null; custody: KeyCustody; publicKey: Uint8Array; text?: string; sealed: (id: string) => string | null; actorId: string | null },
): Promise<KeyRow> {
  const id = newId();
  const row: KeyRow = {
    id,
    group_id: input.groupId,
    custody: input.custody,
    public_key: toBase64(input.publicKey),
    public_key_text: input.text ?? null,
    fingerprint: fingerprint(input.publicKey),
    sealed_private_key: input.sealed(id),
    status: "active",
    created_at: isoNow(tx.clock),
    created_by: input.actorId,
    retired_at: null,
    revoked_at: null,
    revoked_reason: null,
    revoked_by: null,
  };
  await tx.db.insertInto("signing_keys").values(row).execute();
  return row;
}

/**
 * Retires the owner's active key and reports it. It stays valid for what it signed before, and
 * its private half is destroyed, so it can sign nothing more (verifiers reject later signatures).
 */
async function retireActive(tx: Tx, groupId: string | null): Promise<KeyRow | null> {
  const current = await activeKeyRow(tx.db, groupId);
  if (!current) {
    return null;
  }
  const at = isoNow(tx.clock);
  await tx.db
    .updateTable("signing_keys")
    .set({ status: "rotated", retired_at: at, sealed_private_key: null })
    .where("id", "=", current.id)
    .where("status", "=", "active")
    .execute();
  return { ...current, status: "rotated", retired_at: at, sealed_private_key: null };
}

/**
 * Queues the log entry of a key change, dated exactly like the stored row (created, retired or
 * revoked time), so verifiers reading the log and the key list see one moment.
 */
async function logKey(tx: Tx, row: KeyRow, action: "registered" | "rotated" | "revoked", reason: string | null): Promise<void> {
  const at = (action === "registered" ? row.created_at : action === "rotated" ? row.retired_at : row.revoked_at) ?? isoNow(tx.clock);
  await logRepo.enqueue(
    tx.db,
    {
      type: "key",
      action,
      group: row.group_id,
      key: row.fingerprint,
      public_key: row.public_key,
      custody: row.custody,
      reason,
      at,
    },
    at,
  );
}

export async function activeKeyRow(db: Db, groupId: string | null): Promise<KeyRow | null> {
  const q = db.selectFrom("signing_keys").selectAll().where("status", "=", "active");
  const row = await (groupId === null ? q.where("group_id", "is", null) : q.where("group_id", "=", groupId)).orderBy("created_at", "desc").executeTakeFirst();
  return row ?? null;
}

export const keyService = {
  /**
   * The group's active key, created on first use: by default the server holds a key for each
   * group (sealed at rest) and signs when a member publishes.
   */
  async groupKey(tx: Tx, vault: KeyVault, groupId: string): Promise<KeyRow | null> {
    const existing = await activeKeyRow(tx.db, groupId);
    // A server-held key whose private half is not here (data imported from another instance)
    // cannot sign: it is rotated out for a new one, as the log records.
    if (existing && (existing.custody !== "server" || existing.sealed_private_key !== null)) {
      return existing;
    }
    if (!existing && (await tx.db.selectFrom("signing_keys").select("id").where("group_id", "=", groupId).limit(1).executeTakeFirst())) {
      // Keys, but none active: the last one was revoked, and a group admin decides what comes next.
      return null;
    }
    return keyService.newServerKey(tx, vault, groupId, null);
  },

  /** A new server-held key for the group; any active key is rotated out (its signatures stay valid). */
  async newServerKey(tx: Tx, vault: KeyVault, groupId: string, actorId: string | null): Promise<KeyRow> {
    const previous = await retireActive(tx, groupId);
    const pair = generateKeyPair();
    const row = await insertKey(tx, {
      groupId,
      custody: "server",
      publicKey: pair.publicKey,
      sealed: (id) => seal(vault.sealingKey, pair.privateKey, id),
      actorId,
    });
    if (previous) {
      await logKey(tx, previous, "rotated", null);
    }
    await logKey(tx, row, "registered", null);
    return row;
  },

  /**
   * Registers a public key the group keeps offline (an OpenSSH "ssh-ed25519 …" line or a
   * minisign public key). From then on the group's revisions must carry its signature.
   */
  async registerOfflineKey(tx: Tx, groupId: string, custody: "ssh" | "minisign", publicKeyText: string, actorId: string | null): Promise<KeyRow> {
    const publicKey = custody === "ssh" ? parseOpenSshPublicKey(publicKeyText) : minisignKeyToRaw(publicKeyText).publicKey;
    const previous = await retireActive(tx, groupId);
    const row = await insertKey(tx, { groupId, custody, publicKey, text: publicKeyText.trim(), sealed: () => null, actorId });
    if (previous) {
      await logKey(tx, previous, "rotated", null);
    }
    await logKey(tx, row, "registered", null);
    return row;
  },

  /** Withdraws a key: it signs nothing more, and pages show when and why it was revoked. */
  async revoke(tx: Tx, keyId: string, reason: string, actorId: string | null): Promise<KeyRow | null> {
    const row = await tx.db.selectFrom("signing_keys").selectAll().where("id", "=", keyId).executeTakeFirst();
    if (!row || row.status === "revoked") {
      return null;
    }
    const at = isoNow(tx.clock);
    await tx.db
      .updateTable("signing_keys")
      .set({ status: "revoked", revoked_at: at, revoked_reason: reason, revoked_by: actorId, sealed_private_key: null })
      .where("id", "=", keyId)
      .execute();
    const revoked: KeyRow = { ...row, status: "revoked", revoked_at: at, revoked_reason: reason, revoked_by: actorId, sealed_private_key: null };
    await logKey(tx, revoked, "revoked", reason);
    return revoked;
  },

  open: openKey,

  /**
   * The instance's own key (signs checkpoints and translations) and the log's origin,
   * created on first start and logged as the log's first entry.
   */
  async instanceSigner(
    ctx: DbContext & { clock: Clock },
    vault: KeyVault,
    baseUrl: string,
  ): Promise<CheckpointSigner & { fingerprint: string; keyId: string }> {
    return ctx.db.transaction().execute(async (trx) => {
      const tx = { ...ctx, db: trx };
      // The log's lock also serialises first starts of several app nodes.
      await logRepo.lockSize(trx);
      let row = await activeKeyRow(trx, null);
      let origin = (await trx.selectFrom("instance_settings").select("value").where("name", "=", ORIGIN_SETTING).executeTakeFirst())?.value;
      if (!origin) {
        origin = originFor(baseUrl);
        await trx.insertInto("instance_settings").values({ name: ORIGIN_SETTING, value: origin }).execute();
      }
      if (!row || row.sealed_private_key === null) {
        // First start, or data imported from another instance whose private key stayed there.
        const previous = await retireActive(tx, null);
        if (previous) {
          await logKey(tx, previous, "rotated", null);
        }
        const pair = generateKeyPair();
        row = await insertKey(tx, {
          groupId: null,
          custody: "server",
          publicKey: pair.publicKey,
          sealed: (id) => seal(vault.sealingKey, pair.privateKey, id),
          actorId: null,
        });
        await logKey(tx, row, "registered", null);
      }
      const key = openKey(vault, row);
      return { origin, publicKey: key.publicKey, privateKey: key.privateKey, fingerprint: row.fingerprint, keyId: row.id };
    });
  },
};

/** How the group signs now: "server" (also when it has no key yet), or the tool of its own key. */
export async function groupSigningCustody(db: Db, groupId: string): Promise<KeyRow["custody"]> {
  return (await activeKeyRow(db, groupId))?.custody ?? "server";
}
