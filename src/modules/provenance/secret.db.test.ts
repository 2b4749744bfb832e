import os from "node:os";
import { describe, expect, it } from "vitest";
import { freshDatabaseUrl } from "../../../test/db";
import { createRuntime } from "../../main/wiring";
import { loadConfig } from "../../platform/config";
import { factories } from "../../../test/factories";

function config(url: string, secret: string) {
  const loaded = loadConfig({ DATABASE_URL: url, SADA_DATA_DIR: os.tmpdir(), SADA_BASE_URL: "http://sada.test", SADA_SECRET: secret });
  if (!loaded.ok) {
    throw new Error(JSON.stringify(loaded.error));
  }
  return loaded.value;
}

describe("the secret that seals server-held keys", () => {
  it("refuses to start with another secret than the one the database was set up with, and says what to do", async () => {
    const db = await freshDatabaseUrl();
    try {
      const first = await createRuntime(config(db.url, "the-first-secret-of-at-least-32-chars"));
      const key = first.deps.provenance.signer.fingerprint;
      await first.close();
      await expect(createRuntime(config(db.url, "another-secret-of-at-least-32-chars!"))).rejects.toThrow(
        /SADA_SECRET .* is not the one this database was set up with/,
      );
      const again = await createRuntime(config(db.url, "the-first-secret-of-at-least-32-chars"));
      expect(again.deps.provenance.signer.fingerprint).toBe(key);
      await again.close();
    } finally {
      await db.drop();
    }
  });

  it("replaces server-held keys whose private half is missing (data from another instance) and logs the rotation", async () => {
    const db = await freshDatabaseUrl();
    try {
      const first = await createRuntime(config(db.url, "the-first-secret-of-at-least-32-chars"));
      const make = factories(first.deps);
      const owner = await make.user();
      const group = await make.vouchedGroup(owner);
      await make.statement(owner, group.slug);
      const oldInstance = first.deps.provenance.signer.fingerprint;
      // As after an import: public keys only.
      await first.deps.db.updateTable("signing_keys").set({ sealed_private_key: null }).execute();
      await first.close();

      const again = await createRuntime(config(db.url, "the-first-secret-of-at-least-32-chars"));
      expect(again.deps.provenance.signer.fingerprint).not.toBe(oldInstance);
      await factories(again.deps).statement(owner, group.slug, { title: "بيان بعد النقل" });
      const keys = await again.deps.db.selectFrom("signing_keys").select(["group_id", "status"]).orderBy("created_at").execute();
      expect(keys.filter((k) => k.group_id === null).map((k) => k.status)).toEqual(["rotated", "active"]);
      expect(keys.filter((k) => k.group_id === group.id).map((k) => k.status)).toEqual(["rotated", "active"]);
      await again.deps.provenance.flush();
      const actions = (await again.deps.db.selectFrom("log_entries").select("entry").where("subject", "like", "key:%").orderBy("idx").execute()).map(
        (e) => (JSON.parse(e.entry) as { action: string }).action,
      );
      expect(actions).toEqual(["registered", "registered", "rotated", "registered", "rotated", "registered"]);
      await again.close();
    } finally {
      await db.drop();
    }
  });
});
