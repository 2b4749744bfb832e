import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";

const h = useHarness();

function sshPublicKey(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-keys-page-"));
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "k")]);
  const pub = fs.readFileSync(path.join(dir, "k.pub"), "utf8");
  fs.rmSync(dir, { recursive: true, force: true });
  return pub;
}

describe("signing keys page", () => {
  it("lets a group admin register an offline key, switch back to a server key and revoke, with every key listed", async () => {
    const owner = await h.make.user();
    const group = await h.make.vouchedGroup(owner);
    await h.make.statement(owner, group.slug);
    const admin = await h.signInAs(owner.handle);

    const page = await admin.get(`/ar/groups/${group.slug}/keys`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("SHA256:");
    expect(html).toContain(`action="/ar/groups/${group.slug}/keys/register"`);

    const bad = await admin.post(`/ar/groups/${group.slug}/keys/register`, { custody: "ssh", publicKey: "ssh-rsa AAAAB3NzaC1yc2E= me" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("ssh-rsa");

    const pub = sshPublicKey();
    expect((await admin.post(`/ar/groups/${group.slug}/keys/register`, { custody: "ssh", publicKey: pub })).status).toBe(303);
    let keys = await h.deps.db
      .selectFrom("signing_keys")
      .select(["custody", "status", "fingerprint"])
      .where("group_id", "=", group.id)
      .orderBy("created_at")
      .execute();
    expect(keys.map((k) => `${k.custody}:${k.status}`)).toEqual(["server:rotated", "ssh:active"]);

    const active = keys[1]?.fingerprint ?? "";
    expect((await admin.post(`/ar/groups/${group.slug}/keys/revoke`, { fingerprint: active, reason: "صودر الحاسوب" })).status).toBe(303);
    keys = await h.deps.db
      .selectFrom("signing_keys")
      .select(["custody", "status", "fingerprint"])
      .where("group_id", "=", group.id)
      .orderBy("created_at")
      .execute();
    expect(keys.map((k) => `${k.custody}:${k.status}`)).toEqual(["server:rotated", "ssh:revoked"]);
    expect((await admin.post(`/ar/groups/${group.slug}/keys/server`, {})).status).toBe(303);
    const after = await h.deps.db.selectFrom("signing_keys").select(["custody", "status"]).where("group_id", "=", group.id).orderBy("created_at").execute();
    expect(after.map((k) => `${k.custody}:${k.status}`)).toEqual(["server:rotated", "ssh:revoked", "server:active"]);
    const listed = await (await h.client().get(`/en/groups/${group.slug}/keys`)).text();
    expect(listed).toContain("صودر الحاسوب");
    expect(listed).not.toContain("keys/register");

    // Not even an instance admin may change a group's keys: only the group's own admins.
    const { client: operator } = await h.signedIn("admin");
    await operator.get(`/en/groups/${group.slug}/keys`);
    expect((await operator.post(`/en/groups/${group.slug}/keys/server`, {})).status).toBe(403);
    const { client: stranger } = await h.signedIn();
    await stranger.get(`/en/groups/${group.slug}/keys`);
    expect((await stranger.post(`/en/groups/${group.slug}/keys/server`, {})).status).toBe(403);
    expect((await admin.post(`/en/groups/${group.slug}/keys/server`, {}, { csrf: null })).status).toBe(403);
  });
});
