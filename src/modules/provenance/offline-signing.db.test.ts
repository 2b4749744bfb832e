import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { accountService } from "../accounts/account.service";
import { logRepo } from "./log/log.repo";

// Groups that keep their own key sign the canonical form with the tools they already have:
// OpenSSH's ssh-keygen and minisign, run here for real.
const h = useHarness();
let dir = "";

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-offline-sign-"));
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "council", "-f", path.join(dir, "id")]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "other", "-f", path.join(dir, "other")]);
  execFileSync("minisign", ["-G", "-W", "-p", path.join(dir, "mini.pub"), "-s", path.join(dir, "mini.key")], { stdio: "ignore" });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sshSign(text: string, key = "id", namespace = "sada"): string {
  const file = path.join(dir, `msg-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(file, text);
  execFileSync("ssh-keygen", ["-q", "-Y", "sign", "-n", namespace, "-f", path.join(dir, key), file], { stdio: "ignore" });
  return fs.readFileSync(`${file}.sig`, "utf8");
}

function minisignSign(text: string): string {
  const file = path.join(dir, `msg-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(file, text);
  execFileSync("minisign", ["-S", "-s", path.join(dir, "mini.key"), "-m", file], { stdio: "ignore" });
  return fs.readFileSync(`${file}.minisig`, "utf8");
}

async function groupAdmin() {
  const owner = await h.make.user();
  const group = await h.make.vouchedGroup(owner);
  const token = await accountService.createApiToken(h.deps, owner.handle, "test");
  if (!token.ok) {
    throw new Error("token");
  }
  return { owner, group, auth: { authorization: `Bearer ${token.value.token}` } };
}

const draft = { kind: "appeal", lang: "ar", title: "نداء من المجلس المحلي", body: "نطالب بفتح ممر آمن للمدنيين." };

interface Prepared {
  statementId: string;
  signedAt: string;
  canonical: string;
  hash: string;
}

describe("groups that sign offline", () => {
  it("registers an ssh-ed25519 key, then accepts only revisions signed with it", async () => {
    const { group, auth } = await groupAdmin();
    const c = h.client();
    const pub = fs.readFileSync(path.join(dir, "id.pub"), "utf8");
    const reg = await c.json("POST", `/api/v1/groups/${group.slug}/keys`, { custody: "ssh", publicKey: pub }, auth);
    expect(reg.status).toBe(201);
    const fingerprint = execFileSync("ssh-keygen", ["-lf", path.join(dir, "id.pub")], { encoding: "utf8" }).split(" ")[1];
    expect(((await reg.json()) as { key: { fingerprint: string; custody: string } }).key).toMatchObject({ fingerprint, custody: "ssh" });

    // Without a signature the server refuses: it cannot sign for this group any more.
    const unsigned = await c.json("POST", `/api/v1/groups/${group.slug}/statements`, draft, auth);
    expect(unsigned.status).toBe(422);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe("ERR_SIGNATURE_REQUIRED");

    const prep = await c.json("POST", `/api/v1/groups/${group.slug}/statements/prepare`, draft, auth);
    expect(prep.status).toBe(200);
    const p = (await prep.json()) as Prepared;
    expect(JSON.parse(p.canonical)).toMatchObject({ statement: p.statementId, number: 1, title: draft.title, created_at: p.signedAt });

    // A signature for another namespace, by another key, or over other text is refused with the reason.
    const wrongNs = await c.json(
      "POST",
      `/api/v1/groups/${group.slug}/statements`,
      { ...draft, statementId: p.statementId, signedAt: p.signedAt, signature: sshSign(p.canonical, "id", "file") },
      auth,
    );
    expect(wrongNs.status).toBe(422);
    const wrongNsBody = (await wrongNs.json()) as { error: { code: string; details: Array<{ message: string }> } };
    expect(wrongNsBody.error.code).toBe("ERR_SIGNATURE_INVALID");
    expect(wrongNsBody.error.details[0]?.message).toContain('"file"');
    const otherKey = await c.json(
      "POST",
      `/api/v1/groups/${group.slug}/statements`,
      { ...draft, statementId: p.statementId, signedAt: p.signedAt, signature: sshSign(p.canonical, "other") },
      auth,
    );
    expect(otherKey.status).toBe(422);
    const changed = await c.json(
      "POST",
      `/api/v1/groups/${group.slug}/statements`,
      { ...draft, title: "عنوان آخر", statementId: p.statementId, signedAt: p.signedAt, signature: sshSign(p.canonical) },
      auth,
    );
    expect(changed.status).toBe(422);
    expect(await h.deps.db.selectFrom("statements").select("id").where("id", "=", p.statementId).executeTakeFirst()).toBeUndefined();

    const ok = await c.json(
      "POST",
      `/api/v1/groups/${group.slug}/statements`,
      { ...draft, statementId: p.statementId, signedAt: p.signedAt, signature: sshSign(p.canonical) },
      auth,
    );
    expect(ok.status).toBe(201);
    const stored = await h.deps.db
      .selectFrom("statement_revisions")
      .select(["hash", "canonical"])
      .where("statement_id", "=", p.statementId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ hash: p.hash, canonical: p.canonical });
    const sig = await h.deps.db.selectFrom("revision_signatures").selectAll().where("statement_id", "=", p.statementId).executeTakeFirstOrThrow();
    expect(sig.format).toBe("sshsig");
    // The stored signature checks out with ssh-keygen itself.
    fs.writeFileSync(path.join(dir, "allowed"), `council ${pub}`);
    fs.writeFileSync(path.join(dir, "stored.sig"), sig.signature);
    const verified = execFileSync(
      "ssh-keygen",
      ["-Y", "verify", "-f", path.join(dir, "allowed"), "-I", "council", "-n", "sada", "-s", path.join(dir, "stored.sig")],
      { input: p.canonical, encoding: "utf8" },
    );
    expect(verified).toContain("Good");

    // A signature made too long ago is refused, whatever the key.
    const stale = await c.json("POST", `/api/v1/statements/${p.statementId}/prepare`, { title: draft.title, body: `${draft.body}\n\nتحديث.` }, auth);
    const s2 = (await stale.json()) as Prepared;
    const old = new Date(Date.parse(s2.signedAt) - 2 * 24 * 3600_000).toISOString();
    const tooOld = await c.json(
      "POST",
      `/api/v1/statements/${p.statementId}/revisions`,
      { title: draft.title, body: `${draft.body}\n\nتحديث.`, signedAt: old, signature: sshSign(s2.canonical.replace(s2.signedAt, old)) },
      { ...auth, "if-match": `"${p.hash}"` },
    );
    expect(tooOld.status).toBe(422);
  });

  it("accepts minisign signatures, logs key changes, and after a revocation waits for an admin to choose the next key", async () => {
    const { group, auth } = await groupAdmin();
    const c = h.client();
    // First a server-signed statement: the group gets a server-held key on first use.
    const first = await c.json("POST", `/api/v1/groups/${group.slug}/statements`, draft, auth);
    expect(first.status).toBe(201);
    const firstId = ((await first.json()) as { statement: { id: string; currentHash: string } }).statement;

    const reg = await c.json(
      "POST",
      `/api/v1/groups/${group.slug}/keys`,
      { custody: "minisign", publicKey: fs.readFileSync(path.join(dir, "mini.pub"), "utf8") },
      auth,
    );
    expect(reg.status).toBe(201);
    const mini = ((await reg.json()) as { key: { fingerprint: string } }).key;

    const revised = { title: draft.title, body: `${draft.body}\n\nتم فتح الممر جزئياً.` };
    const prep = (await (await c.json("POST", `/api/v1/statements/${firstId.id}/prepare`, revised, auth)).json()) as Prepared;
    const res = await c.json(
      "POST",
      `/api/v1/statements/${firstId.id}/revisions`,
      { ...revised, signedAt: prep.signedAt, signature: minisignSign(prep.canonical) },
      { ...auth, "if-match": `"${firstId.currentHash}"` },
    );
    expect(res.status).toBe(201);

    const keys = (await (await c.get(`/api/v1/groups/${group.slug}/keys`)).json()) as { keys: Array<{ fingerprint: string; status: string; custody: string }> };
    expect(keys.keys.map((k) => [k.custody, k.status])).toEqual([
      ["minisign", "active"],
      ["server", "rotated"],
    ]);

    const revoke = await c.json(
      "POST",
      `/api/v1/groups/${group.slug}/keys/${encodeURIComponent(mini.fingerprint)}/revocation`,
      { reason: "laptop seized" },
      auth,
    );
    expect(revoke.status).toBe(200);
    const after = (await (await c.get(`/api/v1/groups/${group.slug}/keys`)).json()) as { keys: Array<{ status: string; custody: string }> };
    expect(after.keys.map((k) => [k.custody, k.status])).toEqual([
      ["minisign", "revoked"],
      ["server", "rotated"],
    ]);
    // No key signs until an admin decides: not the revoked one, not the rotated server key.
    const refused = await c.json("POST", `/api/v1/groups/${group.slug}/statements`, draft, auth);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain("revoked");
    // A revoked key cannot be registered again.
    const again = await c.json(
      "POST",
      `/api/v1/groups/${group.slug}/keys`,
      { custody: "minisign", publicKey: fs.readFileSync(path.join(dir, "mini.pub"), "utf8") },
      auth,
    );
    expect(again.status).toBe(422);
    // The admin chooses a new server-held key, and the server signs again.
    expect((await c.json("POST", `/api/v1/groups/${group.slug}/keys`, { custody: "server" }, auth)).status).toBe(201);
    expect((await c.json("POST", `/api/v1/groups/${group.slug}/statements`, draft, auth)).status).toBe(201);
    // A rotated server key lost its private half: it can never sign again.
    const rotated = await h.deps.db
      .selectFrom("signing_keys")
      .select(["sealed_private_key"])
      .where("group_id", "=", group.id)
      .where("status", "=", "rotated")
      .execute();
    expect(rotated.map((k) => k.sealed_private_key)).toEqual([null]);

    await h.deps.provenance.flush();
    const keyEntries = await h.deps.db.selectFrom("log_entries").select("entry").where("subject", "like", "key:%").orderBy("idx").execute();
    const actions = keyEntries.map((e) => JSON.parse(e.entry) as { action: string; custody: string; group: string | null }).filter((e) => e.group !== null);
    expect(actions.filter((e) => e.custody === "minisign").map((e) => e.action)).toEqual(["registered", "revoked"]);
    expect(await logRepo.size(h.deps.db)).toBeGreaterThan(5);
  });

  it("lets only group admins change keys, and rejects keys it cannot use", async () => {
    const { group, auth } = await groupAdmin();
    const stranger = await h.make.user();
    const t = await accountService.createApiToken(h.deps, stranger.handle, "t");
    if (!t.ok) {
      throw new Error("token");
    }
    const c = h.client();
    const pub = fs.readFileSync(path.join(dir, "id.pub"), "utf8");
    expect(
      (await c.json("POST", `/api/v1/groups/${group.slug}/keys`, { custody: "ssh", publicKey: pub }, { authorization: `Bearer ${t.value.token}` })).status,
    ).toBe(403);
    expect((await c.json("POST", `/api/v1/groups/${group.slug}/keys`, { custody: "ssh", publicKey: pub })).status).toBe(401);
    const rsa = await c.json("POST", `/api/v1/groups/${group.slug}/keys`, { custody: "ssh", publicKey: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x" }, auth);
    expect(rsa.status).toBe(422);
    expect(((await rsa.json()) as { error: { code: string } }).error.code).toBe("ERR_KEY_INVALID");
    expect((await c.json("POST", `/api/v1/groups/${group.slug}/keys`, { custody: "pgp", publicKey: "x" }, auth)).status).toBe(422);
    expect((await c.json("POST", `/api/v1/groups/nope/keys`, { custody: "server" }, auth)).status).toBe(404);
    // A group whose key the server holds cannot backdate a revision or choose its id.
    const backdated = await c.json(
      "POST",
      `/api/v1/groups/${group.slug}/statements`,
      { ...draft, signedAt: new Date(Date.now() - 3600_000).toISOString() },
      auth,
    );
    expect(backdated.status).toBe(422);
    const chosenId = await c.json("POST", `/api/v1/groups/${group.slug}/statements`, { ...draft, statementId: "abcdefghjkmnpqrs" }, auth);
    expect(chosenId.status).toBe(422);
    expect(await h.deps.db.selectFrom("statements").select("id").where("id", "=", "abcdefghjkmnpqrs").executeTakeFirst()).toBeUndefined();
  });

  it("walks a publisher through signing offline in the web editor: prepare, download, sign, publish", async () => {
    const owner = await h.make.user();
    const group = await h.make.vouchedGroup(owner);
    const web = await h.signInAs(owner.handle);
    await web.get(`/en/groups/${group.slug}/keys`);
    expect(
      (await web.post(`/en/groups/${group.slug}/keys/register`, { custody: "ssh", publicKey: fs.readFileSync(path.join(dir, "id.pub"), "utf8") })).status,
    ).toBe(303);
    const editor = await web.get(`/en/groups/${group.slug}/statements/new`);
    expect(await editor.text()).toContain('value="prepare"');
    const fields = { kind: "statement", lang: "ar", title: "بيان موقّع", body: "نص موقّع بمفتاح المجموعة." };
    const prepared = await web.post(`/en/groups/${group.slug}/statements/new`, { ...fields, intent: "prepare" });
    expect(prepared.status).toBe(200);
    const html = await prepared.text();
    const statementId = /name="statementId" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const signedAt = /name="signedAt" value="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(statementId).toMatch(/^[0-9a-z]{16}$/);

    const download = await web.post(`/en/groups/${group.slug}/statements/new`, { ...fields, statementId, signedAt, intent: "download" });
    expect(download.headers.get("content-disposition")).toContain("statement.txt");
    const canonical = await download.text();
    expect(JSON.parse(canonical)).toMatchObject({ statement: statementId, created_at: signedAt, title: fields.title });

    const refused = await web.post(`/en/groups/${group.slug}/statements/new`, {
      ...fields,
      statementId,
      signedAt,
      signature: sshSign(canonical, "other"),
      intent: "publish",
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("SHA256:");

    const published = await web.post(`/en/groups/${group.slug}/statements/new`, {
      ...fields,
      statementId,
      signedAt,
      signature: sshSign(canonical),
      intent: "publish",
    });
    expect(published.status).toBe(303);
    expect(published.headers.get("location")).toContain(`/statements/${statementId}`);
    const page = await (await h.client().get(`/en/statements/${statementId}`)).text();
    expect(page).toContain("key kept by the group itself (ssh)");

    // A new revision goes the same way.
    const head = await h.deps.db.selectFrom("statements").select("current_hash").where("id", "=", statementId).executeTakeFirstOrThrow();
    const edit = { title: fields.title, body: `${fields.body}\n\nتحديث.`, baseHash: head.current_hash };
    const prep2 = await (await web.post(`/en/statements/${statementId}/edit`, { ...edit, intent: "prepare" })).text();
    const at2 = /name="signedAt" value="([^"]+)"/.exec(prep2)?.[1] ?? "";
    const canonical2 = await (await web.post(`/en/statements/${statementId}/edit`, { ...edit, signedAt: at2, intent: "download" })).text();
    expect(JSON.parse(canonical2)).toMatchObject({ number: 2, prev: head.current_hash });
    expect((await web.post(`/en/statements/${statementId}/edit`, { ...edit, signedAt: at2, signature: sshSign(canonical2), intent: "publish" })).status).toBe(
      303,
    );
    const sigs = await h.deps.db
      .selectFrom("revision_signatures")
      .select(["number", "format"])
      .where("statement_id", "=", statementId)
      .orderBy("number")
      .execute();
    expect(sigs).toEqual([
      { number: 1, format: "sshsig" },
      { number: 2, format: "sshsig" },
    ]);

    // So does a retraction: the form leads to the signing step.
    const head2 = await h.deps.db.selectFrom("statements").select("current_hash").where("id", "=", statementId).executeTakeFirstOrThrow();
    const retract = { reason: "نُشر قبل التحقق", baseHash: head2.current_hash };
    const step = await web.post(`/en/statements/${statementId}/retract`, retract);
    expect(step.status).toBe(200);
    const at3 = /name="signedAt" value="([^"]+)"/.exec(await step.text())?.[1] ?? "";
    const canonical3 = await (await web.post(`/en/statements/${statementId}/retract`, { ...retract, signedAt: at3, intent: "download" })).text();
    expect(JSON.parse(canonical3)).toMatchObject({ number: 3, retraction: retract.reason });
    const wrong = await web.post(`/en/statements/${statementId}/retract`, { ...retract, signedAt: at3, signature: sshSign(canonical2), intent: "publish" });
    expect(wrong.status).toBe(422);
    const done = await web.post(`/en/statements/${statementId}/retract`, { ...retract, signedAt: at3, signature: sshSign(canonical3), intent: "publish" });
    expect(done.status).toBe(303);
    expect(await h.deps.db.selectFrom("statements").select("status").where("id", "=", statementId).executeTakeFirstOrThrow()).toEqual({ status: "retracted" });
  });
});
