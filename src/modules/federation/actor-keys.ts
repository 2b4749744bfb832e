// The RSA key pairs our actors sign HTTP requests with (what Mastodon-compatible servers check).
// The private half is stored sealed with a key derived from SADA_SECRET, bound to its actor.
import { exportJwk, importJwk } from "@fedify/fedify/sig";
import type { Clock } from "../../platform/clock";
import type { DbContext } from "../database";
import { deriveKey, open, seal } from "../provenance/signing/secret-box";

/** Who signs: a group's actor or the instance's. */
export type LocalActor = { kind: "group"; groupId: string } | { kind: "instance" };

export function actorKey(actor: LocalActor): string {
  return actor.kind === "instance" ? "instance" : `group:${actor.groupId}`;
}

export class ActorKeys {
  private readonly kek: Buffer;
  private readonly cache = new Map<string, CryptoKeyPair>();

  constructor(
    private readonly ctx: DbContext,
    private readonly clock: Clock,
    secret: string,
  ) {
    this.kek = deriveKey(secret, "federation-actor-keys");
  }

  /** The actor's key pair, created on first use. Two processes creating at once keep the first one stored. */
  async pair(actor: string): Promise<CryptoKeyPair> {
    const cached = this.cache.get(actor);
    if (cached) {
      return cached;
    }
    let row = await this.ctx.db.selectFrom("ap_actor_keys").selectAll().where("actor", "=", actor).executeTakeFirst();
    if (!row) {
      // 2048-bit RSA with SHA-256, as Mastodon's own keys: what every fediverse server checks.
      const fresh = await crypto.subtle.generateKey(
        { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
        true,
        ["sign", "verify"],
      );
      const privateJwk = JSON.stringify(await exportJwk(fresh.privateKey));
      await this.ctx.db
        .insertInto("ap_actor_keys")
        .values({
          actor,
          public_jwk: JSON.stringify(await exportJwk(fresh.publicKey)),
          sealed_private_jwk: seal(this.kek, new TextEncoder().encode(privateJwk), actor),
          created_at: this.clock.now().toISOString(),
        })
        .onConflict((oc) => oc.column("actor").doNothing())
        .execute();
      row = await this.ctx.db.selectFrom("ap_actor_keys").selectAll().where("actor", "=", actor).executeTakeFirstOrThrow();
    }
    const privateJwk = JSON.parse(new TextDecoder().decode(open(this.kek, row.sealed_private_jwk, actor))) as JsonWebKey;
    const pair = { publicKey: await importJwk(JSON.parse(row.public_jwk) as JsonWebKey, "public"), privateKey: await importJwk(privateJwk, "private") };
    this.cache.set(actor, pair);
    return pair;
  }
}
