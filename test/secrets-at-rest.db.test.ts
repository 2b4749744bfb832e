// A copy of the database must give whoever took it nothing usable: no session or API token, no
// authenticator secret or recovery code, no private signing key of a group, of the instance or
// of a fediverse actor. Every table is dumped (and on SQLite the database file itself is read)
// and searched for each secret in every encoding it could be stored in.
import fs from "node:fs";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { exportJwk } from "@fedify/fedify/sig";
import { systemClock } from "../src/platform/clock";
import { sha256Hex } from "../src/platform/hash";
import { accountService } from "../src/modules/accounts/account.service";
import { beginTotp, confirmTotp } from "../src/modules/accounts/second-factor.service";
import { base32Decode, hotp, stepAt } from "../src/modules/accounts/totp";
import { ActorKeys } from "../src/modules/federation/actor-keys";
import { deriveKey, open } from "../src/modules/provenance/signing/secret-box";
import { useHarness } from "./harness";

const h = useHarness();

async function dumpEverything(): Promise<string> {
  const tables =
    h.deps.dialect === "postgres"
      ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(h.deps.db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(h.deps.db)).rows;
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await sql`select * from ${sql.table(name)}`.execute(h.deps.db);
    parts.push(JSON.stringify(rows.rows));
  }
  if (h.deps.config.database.kind === "sqlite") {
    await sql`pragma wal_checkpoint(truncate)`.execute(h.deps.db);
    parts.push(fs.readFileSync(h.deps.config.database.path).toString("latin1"));
  }
  return parts.join("\n");
}

function encodings(bytes: Uint8Array): string[] {
  const b = Buffer.from(bytes);
  return [b.toString("hex"), b.toString("base64"), b.toString("base64url")];
}

describe("secrets at rest", () => {
  it("stores no session token, API token, TOTP secret, recovery code or private key in usable form", async () => {
    const { client, user } = await h.signedIn();
    const sessionToken = client.cookies.get("sada_session") ?? "";
    const apiToken = await accountService.createApiToken(h.deps, user.handle, "test");
    if (!apiToken.ok) {
      throw new Error("token");
    }
    const secretDeps = { ...h.deps, secret: h.deps.secret };
    const begun = await beginTotp(secretDeps, user.id);
    if (!begun.ok) {
      throw new Error("totp");
    }
    const confirmed = await confirmTotp(secretDeps, user.id, hotp(base32Decode(begun.value), stepAt(new Date())));
    if (!confirmed.ok) {
      throw new Error("confirm");
    }
    // A group with a server-held signing key (made on its first statement) and the instance's key.
    const group = await h.make.vouchedGroup(user);
    await h.make.statement(user, group.slug);
    await h.deps.provenance.flush();
    const sealing = deriveKey(h.deps.secret, "sada signing keys v1");
    const held = await h.deps.db.selectFrom("signing_keys").select(["id", "sealed_private_key"]).where("sealed_private_key", "is not", null).execute();
    expect(held.length).toBeGreaterThanOrEqual(2);
    const seeds = held.map((k) => open(sealing, k.sealed_private_key ?? "", k.id));
    // A fediverse actor's RSA key.
    const actor = await new ActorKeys(h.deps, systemClock, h.deps.secret).pair("instance");
    const privateJwk = await exportJwk(actor.privateKey);

    const dump = await dumpEverything();
    const secrets = [
      sessionToken,
      apiToken.value.token,
      begun.value,
      ...confirmed.value,
      ...confirmed.value.map((c) => c.replace(/-/g, "")),
      ...seeds.flatMap(encodings),
      String(privateJwk.d),
      String(privateJwk.p),
    ];
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(dump.includes(secret), `found a secret of length ${secret.length} in the database`).toBe(false);
    }
    expect(dump.includes(h.deps.secret)).toBe(false);
    // And the dump is real: it does hold the non-secret parts, hashes and sealed values included.
    expect(dump).toContain(sha256Hex(sessionToken));
    expect(dump).toContain(held[0]?.sealed_private_key ?? "missing");
    expect(dump).toContain(user.handle);
    expect(dump).toContain(group.slug);
  });
});
