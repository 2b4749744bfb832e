import os from "node:os";
import { describe, expect, it } from "vitest";
import { freshDatabaseUrl } from "../../../test/db";
import { createRuntime } from "../../main/wiring";
import { loadConfig } from "../../platform/config";

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
});
