import { z } from "zod";
import type { Clock } from "../../platform/clock";
import { err, ok, type Result } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import { groupPermissions, membershipOf } from "../groups";
import { keyService, type KeyRow, type KeyVault } from "./keys.service";
import { minisignKeyToRaw, parseOpenSshPublicKey } from "./signing";

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
  if (!groupPermissions.manageMembers(viewer, await membershipOf(deps, group.id, viewer.id))) {
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
      const row =
        cmd.custody === "server"
          ? await keyService.newServerKey(tx, deps.provenance.vault, group.value.id, viewer.id)
          : await keyService.registerOfflineKey(tx, group.value.id, cmd.custody, cmd.publicKey, viewer.id);
      return ok(view(row));
    });
    deps.provenance.worker.wake();
    return result;
  },

  /** Withdraws a key; a server-held key replaces an active one so the group can keep publishing. */
  async revoke(deps: Deps, viewer: Viewer, slug: string, fingerprint: string, reason: string): Promise<Result<GroupKeyView, GroupKeyError>> {
    const result = await deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      const group = await managedGroup(tx, viewer, slug);
      if (!group.ok) {
        return group;
      }
      const key = await trx
        .selectFrom("signing_keys")
        .selectAll()
        .where("group_id", "=", group.value.id)
        .where("fingerprint", "=", fingerprint)
        .executeTakeFirst();
      if (!key || key.status === "revoked") {
        return err({ type: "not-found" as const });
      }
      const revoked = await keyService.revoke(tx, key.id, reason, viewer.id);
      if (!revoked) {
        return err({ type: "not-found" as const });
      }
      if (key.status === "active") {
        await keyService.newServerKey(tx, deps.provenance.vault, group.value.id, viewer.id);
      }
      return ok(view(revoked));
    });
    deps.provenance.worker.wake();
    return result;
  },
};
