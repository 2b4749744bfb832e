import { z } from "zod";
import type { Clock } from "../../platform/clock";
import { err, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import { membershipOf } from "../groups";
import { keyService, type KeyRow, type KeyVault } from "./keys.service";
import { fingerprint as fingerprintOf, minisignKeyToRaw, parseOpenSshPublicKey } from "./signing";

/** The fingerprint of a public key as a group submits it. */
function keyFingerprintOf(custody: "ssh" | "minisign", text: string): string {
  return fingerprintOf(custody === "ssh" ? parseOpenSshPublicKey(text) : minisignKeyToRaw(text).publicKey);
}

type Deps = DbContext & { clock: Clock; provenance: { vault: KeyVault; worker: { wake(): void } } };

export type GroupKeyError = { type: "group-not-found" } | { type: "forbidden" } | { type: "not-found" } | { type: "key-invalid"; reason: string };

/** What a group admin submits to change how the group signs. */
export const registerKeyCommand = z.discriminatedUnion("custody", [
  z.object({ custody: z.literal("server") }),
  z.object({
    custody: z.enum(["ssh", "minisign"], { error: "error.key_invalid" }),
    publicKey: z.string({ error: "error.key_invalid" }).trim().min(1, "error.key_invalid").max(4000, "error.key_invalid"),
  }),
]);
export type RegisterKeyCommand = z.infer<typeof registerKeyCommand>;

export const revokeKeyCommand = z.object({
  reason: z.string({ error: "error.reason_required" }).trim().min(1, "error.reason_required").max(2000, "error.reason_required"),
});

export interface GroupKeyView {
  id: string;
  fingerprint: string;
  custody: KeyRow["custody"];
  status: KeyRow["status"];
  publicKey: string;
  createdAt: string;
  retiredAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

function view(k: KeyRow): GroupKeyView {
  return {
    id: k.id,
    fingerprint: k.fingerprint,
    custody: k.custody,
    status: k.status,
    publicKey: k.public_key,
    createdAt: k.created_at,
    retiredAt: k.retired_at,
    revokedAt: k.revoked_at,
    revokedReason: k.revoked_reason,
  };
}

async function managedGroup(deps: Deps, viewer: Viewer, slug: string): Promise<Result<{ id: string }, GroupKeyError>> {
  const group = await deps.db.selectFrom("groups").select("id").where("slug", "=", slug).executeTakeFirst();
  if (!group) {
    return err({ type: "group-not-found" });
  }
  // Only the group's own admins: an instance admin (the operator) must not be able to move a
  // group that keeps its own key back to a key the server holds, and sign in its name.
  const membership = await membershipOf(deps, group.id, viewer.id);
  if (!(membership?.accepted === true && membership.role === "admin")) {
    return err({ type: "forbidden" });
  }
  return ok(group);
}

/** Group keys as group admins manage them: register an offline key, go back to a server key, revoke. */
export const groupKeyService = {
  /** Every key the group has had, newest first: public, like the signatures they check. */
  async list(db: DbContext["db"], slug: string): Promise<GroupKeyView[] | null> {
    const group = await db.selectFrom("groups").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!group) {
      return null;
    }
    const rows = await db.selectFrom("signing_keys").selectAll().where("group_id", "=", group.id).orderBy("created_at", "desc").orderBy("id").execute();
    return rows.map(view);
  },

  /**
   * Makes a new key the group's active one: a server-held key, or a public key the group keeps
   * offline (OpenSSH ssh-ed25519 or minisign). The previous key is rotated out, not revoked.
   */
  async register(deps: Deps, viewer: Viewer, slug: string, cmd: RegisterKeyCommand): Promise<Result<GroupKeyView, GroupKeyError>> {
    if (cmd.custody !== "server") {
      try {
        if (cmd.custody === "ssh") {
          parseOpenSshPublicKey(cmd.publicKey);
        } else {
          minisignKeyToRaw(cmd.publicKey);
        }
      } catch (e) {
        return err({ type: "key-invalid", reason: e instanceof Error ? e.message : String(e) });
      }
    }
    const result = await deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      const group = await managedGroup(tx, viewer, slug);
      if (!group.ok) {
        return group;
      }
      if (cmd.custody !== "server") {
        const fingerprint = keyFingerprintOf(cmd.custody, cmd.publicKey);
        const known = await trx.selectFrom("signing_keys").selectAll().where("group_id", "=", group.value.id).where("fingerprint", "=", fingerprint).execute();
        const revoked = known.find((k) => k.status === "revoked");
        if (revoked) {
          return err({ type: "key-invalid" as const, reason: `This key was revoked on ${revoked.revoked_at ?? "?"}; create a new key and register that one.` });
        }
        const active = known.find((k) => k.status === "active");
        if (active) {
          return ok(view(active));
        }
      }
      const row =
        cmd.custody === "server"
          ? await keyService.newServerKey(tx, deps.provenance.vault, group.value.id, viewer.id)
          : await keyService.registerOfflineKey(tx, group.value.id, cmd.custody, cmd.publicKey, viewer.id);
      return ok(view(row));
    });
    deps.provenance.worker.wake();
    return result;
  },

  /** Withdraws a key, every listing of it; the group then has no active key until an admin picks one. */
  async revoke(deps: Deps, viewer: Viewer, slug: string, fingerprint: string, reason: string): Promise<Result<GroupKeyView, GroupKeyError>> {
    const result = await deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      const group = await managedGroup(tx, viewer, slug);
      if (!group.ok) {
        return group;
      }
      // Every listing of the key (a key can have been registered, replaced and registered again).
      const rows = await trx
        .selectFrom("signing_keys")
        .selectAll()
        .where("group_id", "=", group.value.id)
        .where("fingerprint", "=", fingerprint)
        .where("status", "!=", "revoked")
        .execute();
      if (rows.length === 0) {
        return err({ type: "not-found" as const });
      }
      let revoked: KeyRow | null = null;
      for (const row of rows) {
        revoked = (await keyService.revoke(tx, row.id, reason, viewer.id)) ?? revoked;
      }
      // No key takes over by itself: until an admin registers a key or chooses a server-held
      // one, the group cannot publish (its next key is a decision, not a default).
      return revoked ? ok(view(revoked)) : err({ type: "not-found" as const });
    });
    deps.provenance.worker.wake();
    return result;
  },
};
