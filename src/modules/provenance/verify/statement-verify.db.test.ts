import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useHarness } from "../../../../test/harness";
import { statementService } from "../../statements";
import { translationService } from "../../translation/translation.service";
import { workspaceSegments } from "../../translation/translation.queries";
import type { SignedStatement } from "../bundle.queries";
import { runVerifyCommand } from "../../../main/cli-provenance";
import { keyService } from "../keys.service";
import { hashLeaf } from "../merkle";
import { formatCheckpoint, generateKeyPair, openNote, parseCheckpoint, parseVerifierKey, sign, signNote, toBase64, verifierKey } from "../signing";
import { verifySignedStatement, type VerifyOptions, type VerifyReport } from "./statement-verify";

const h = useHarness();
const utf8 = new TextEncoder();
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

async function bundleOf(id: string): Promise<SignedStatement> {
  const res = await h.client().get(`/api/v1/statements/${id}/signed`);
  expect(res.status).toBe(200);
  return (await res.json()) as SignedStatement;
}

async function logKey(): Promise<string> {
  return (await (await h.client().get("/log/v1/key")).text()).trim();
}

/** Consistency proofs straight from the app, as the CLI fetches them from the log URL. */
const fetchConsistency = async (from: number, to: number): Promise<string[]> => {
  const res = await h.client().get(`/log/v1/proof/consistency?from=${from}&to=${to}`);
  return ((await res.json()) as { consistency_path: string[] }).consistency_path;
};

async function publish(opts: { title?: string; body?: string; group?: { owner: Awaited<ReturnType<typeof h.make.user>>; slug: string } } = {}) {
  const owner = opts.group?.owner ?? (await h.make.user());
  const slug = opts.group?.slug ?? (await h.make.vouchedGroup(owner)).slug;
  const published = await h.make.statement(owner, slug, { title: opts.title ?? "بيان للتحقق", body: opts.body ?? "نص أصلي للتحقق." });
  await h.deps.provenance.flush();
  return { owner, slug, id: published.statementId, hash: published.hash };
}

function failing(report: VerifyReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.what);
}

function check(report: VerifyReport, what: string) {
  const found = report.checks.find((c) => c.what === what);
  expect(found, `no check "${what}" in ${JSON.stringify(report.checks.map((c) => c.what))}`).toBeDefined();
  return found as NonNullable<typeof found>;
}

const clone = <T>(v: T): T => structuredClone(v);
const rev = (b: SignedStatement, n = 1) => b.revisions[n - 1] as SignedStatement["revisions"][number];

async function groupPrivateKey(fingerprint: string): Promise<Uint8Array> {
  const row = await h.deps.db.selectFrom("signing_keys").selectAll().where("fingerprint", "=", fingerprint).executeTakeFirstOrThrow();
  return keyService.open(h.deps.provenance.vault, row).privateKey;
}

/** The checkpoint note with one thing changed, signed again by the real instance key. */
function resignedCheckpoint(note: string, change: { root?: Uint8Array; timestamp?: string }): string {
  const signer = h.deps.provenance.signer;
  const cp = parseCheckpoint(openNote(note, [{ name: signer.origin, publicKey: signer.publicKey }]).text);
  const body = formatCheckpoint({
    origin: cp.origin,
    size: cp.size,
    rootHash: change.root ?? cp.rootHash,
    extensions: change.timestamp ? [`timestamp ${change.timestamp}`] : cp.extensions,
  });
  return signNote(body, signer.origin, signer.privateKey, signer.publicKey);
}

/**
 * The document of a one-revision statement moved to a log of its own: a tree holding only `entry`,
 * a checkpoint signed by a new log key (the document's, unpinned). Lets a test choose the entry's
 * exact bytes and still have a valid inclusion proof for them.
 */
function ownLog(bundle: SignedStatement, entry: string): SignedStatement {
  const b = clone(bundle);
  const pair = generateKeyPair();
  const origin = "own.test/log";
  const body = formatCheckpoint({ origin, size: 1, rootHash: hashLeaf(utf8.encode(entry)), extensions: [`timestamp ${new Date().toISOString()}`] });
  b.checkpoint = signNote(body, origin, pair.privateKey, pair.publicKey);
  b.log_key = verifierKey(origin, pair.publicKey);
  rev(b).log = { entry, index: 0, tree_size: 1, inclusion_path: [] };
  return b;
}

/** Re-signs a revision's canonical text with the group's real key, hash recomputed: only the text's form can give it away. */
async function resign(b: SignedStatement, n: number, canonical: string): Promise<void> {
  const r = rev(b, n);
  r.canonical = canonical;
  r.hash = sha256(canonical);
  const signature = r.signature as NonNullable<typeof r.signature>;
  signature.value = toBase64(sign(await groupPrivateKey(signature.key), utf8.encode(canonical)));
}

const createdAtOf = (b: SignedStatement, n = 1): number => Date.parse((JSON.parse(rev(b, n).canonical) as { created_at: string }).created_at);

describe("verifying a signed statement", () => {
  it("finds a freshly published statement valid, with every check passing, pinned or not", async () => {
    const { id, hash } = await publish();
    const bundle = await bundleOf(id);
    const report = await verifySignedStatement(bundle, {});
    expect(failing(report)).toEqual([]);
    expect(report).toMatchObject({ valid: true, statement: id });
    expect(check(report, "revision 1: hash").detail).toContain(hash.slice(0, 16));
    expect(check(report, "revision 1: signature").detail).toMatch(/^ed25519 by group key SHA256:/);
    expect(check(report, "revision 1: inclusion").ok).toBe(true);
    // Unpinned, the log key comes from the server being checked: said, but not a failure.
    expect(check(report, "log key")).toMatchObject({ ok: true, note: true });
    expect(check(report, "log key").detail).toContain("not pinned");

    const pinned = await verifySignedStatement(bundle, { logKey: await logKey(), trustedCheckpoint: bundle.checkpoint ?? "" });
    expect(failing(pinned)).toEqual([]);
    expect(check(pinned, "log key").note).toBeUndefined();
    expect(check(pinned, "trusted checkpoint").detail).toContain("same tree");
  });

  it("verifies a chain of two revisions, and notices when the link between them is broken", async () => {
    const { owner, id, hash } = await publish({ title: "بيان سيعدل" });
    const revised = await statementService.revise(h.deps, owner, id, { title: "بيان معدل", body: "نص معدل للتحقق.", baseHash: hash });
    expect(revised.ok).toBe(true);
    await h.deps.provenance.flush();
    const bundle = await bundleOf(id);
    expect(bundle.revisions).toHaveLength(2);
    const report = await verifySignedStatement(bundle, { logKey: await logKey() });
    expect(failing(report)).toEqual([]);
    expect(check(report, "revision 2: chain (prev)").detail).toBe("follows revision 1");

    // Revision 2 rewritten to point elsewhere, re-hashed and even re-signed with the group's real key:
    // its signature holds, but the chain and the log do not.
    const forged = clone(bundle);
    const r2 = rev(forged, 2);
    const canonical = JSON.parse(r2.canonical) as Record<string, unknown>;
    canonical.prev = "0".repeat(64);
    r2.canonical = JSON.stringify(canonical);
    r2.hash = sha256(r2.canonical);
    const signature = r2.signature as NonNullable<typeof r2.signature>;
    signature.value = toBase64(sign(await groupPrivateKey(signature.key), utf8.encode(r2.canonical)));
    const broken = await verifySignedStatement(forged, { logKey: await logKey() });
    expect(broken.valid).toBe(false);
    expect(failing(broken)).toEqual(["revision 2: chain (prev)", "revision 2: log entry"]);
    expect(check(broken, "revision 2: chain (prev)").detail).toContain(`revision 1 hashes to ${rev(bundle, 1).hash}`);
    expect(check(broken, "revision 2: signature").ok).toBe(true);
  });

  it("fails each single tampering with the check that catches it", async () => {
    const first = await publish({ title: "بيان أصلي", body: "نص أصلي لا يتغير." });
    const other = await publish({ title: "بيان آخر", body: "نص آخر.", group: { owner: first.owner, slug: first.slug } });
    const bundle = await bundleOf(first.id);
    const otherBundle = await bundleOf(other.id);
    const key = await logKey();
    const verifyTampered = async (change: (b: SignedStatement) => void, opts: VerifyOptions = { logKey: key }) => {
      const b = clone(bundle);
      change(b);
      const report = await verifySignedStatement(b, opts);
      expect(report.valid).toBe(false);
      return report;
    };

    // 1. The body changed inside the canonical text: its hash no longer matches.
    let r = await verifyTampered((b) => (rev(b).canonical = rev(b).canonical.replace("نص أصلي لا يتغير.", "نص مزور.")));
    expect(failing(r)).toContain("revision 1: hash");

    // 2. …and the hash recomputed to match: the signature (and the log entry) give it away.
    r = await verifyTampered((b) => {
      rev(b).canonical = rev(b).canonical.replace("نص أصلي لا يتغير.", "نص مزور.");
      rev(b).hash = sha256(rev(b).canonical);
    });
    expect(check(r, "revision 1: hash").ok).toBe(true);
    expect(failing(r)).toEqual(["revision 1: signature", "revision 1: log entry"]);
    expect(check(r, "revision 1: log entry").detail).toContain("the log recorded something else");

    // 3. A signature of another statement by the same key.
    r = await verifyTampered((b) => (rev(b).signature = rev(otherBundle).signature));
    expect(failing(r)).toEqual(["revision 1: signature"]);
    expect(check(r, "revision 1: signature").detail).toContain("does not match");

    // 4. One hash of the inclusion path changed.
    r = await verifyTampered((b) => {
      const log = rev(b).log as NonNullable<SignedStatement["revisions"][number]["log"]>;
      const bytes = Buffer.from(log.inclusion_path[0] ?? "", "base64");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      log.inclusion_path[0] = bytes.toString("base64");
    });
    expect(failing(r)).toEqual(["revision 1: inclusion"]);

    // 5. The checkpoint's root changed: its signature no longer verifies, and no proof can be checked.
    r = await verifyTampered((b) => {
      const lines = (b.checkpoint ?? "").split("\n");
      lines[2] = toBase64(new Uint8Array(32).fill(7));
      b.checkpoint = lines.join("\n");
    });
    expect(failing(r)).toContain("checkpoint");
    expect(check(r, "checkpoint").detail).toContain("does not verify");
    expect(failing(r)).toContain("revision 1: inclusion");

    // 6. A checkpoint signed by another key under the log's name.
    const intruder = generateKeyPair();
    const origin = h.deps.provenance.signer.origin;
    const forgeCheckpoint = (b: SignedStatement) => {
      const text = (b.checkpoint ?? "").slice(0, (b.checkpoint ?? "").lastIndexOf("\n\n") + 1);
      b.checkpoint = signNote(text, origin, intruder.privateKey, intruder.publicKey);
    };
    r = await verifyTampered(forgeCheckpoint);
    expect(check(r, "checkpoint").detail).toMatch(/not signed by any known key/);
    // The same forgery with the document's log key replaced too passes unpinned (with the note
    // saying so), and fails once the real key is pinned.
    const swapped = clone(bundle);
    forgeCheckpoint(swapped);
    swapped.log_key = verifierKey(origin, intruder.publicKey);
    expect((await verifySignedStatement(swapped, {})).valid).toBe(true);
    r = await verifyTampered((b) => Object.assign(b, swapped));
    expect(failing(r)).toEqual(expect.arrayContaining(["log key", "checkpoint"]));

    // 7. A trusted checkpoint of the same size with another root: a fork, signed by the real log key.
    const forked = resignedCheckpoint(bundle.checkpoint ?? "", { root: new Uint8Array(32).fill(9) });
    r = await verifyTampered(() => undefined, { logKey: key, trustedCheckpoint: forked });
    expect(failing(r)).toEqual(["trusted checkpoint"]);
    expect(check(r, "trusted checkpoint").detail).toContain("fork");

    // 8. The log proof of a revision dated well before the checkpoint is withheld.
    const createdAt = Date.parse((JSON.parse(rev(bundle).canonical) as { created_at: string }).created_at);
    r = await verifyTampered((b) => {
      rev(b).log = null;
      b.checkpoint = resignedCheckpoint(b.checkpoint ?? "", { timestamp: new Date(createdAt + 10 * 60_000).toISOString() });
    });
    expect(failing(r)).toEqual(["revision 1: log"]);
    expect(check(r, "revision 1: log").detail).toMatch(/^not in the checkpoint of .* although dated .* before it$/);
  });

  it("invalidates a signature by a key revoked at or before the revision, not one revoked later", async () => {
    const early = await publish({ title: "بيان بمفتاح مسروق" });
    const late = await publish({ title: "بيان قبل الإلغاء" });
    const revoke = async (id: string, shiftMs: number, reason: string) => {
      const b = await bundleOf(id);
      const createdAt = (JSON.parse(rev(b).canonical) as { created_at: string }).created_at;
      const row = await h.deps.db
        .selectFrom("signing_keys")
        .select("id")
        .where("fingerprint", "=", rev(b).signature?.key ?? "")
        .executeTakeFirstOrThrow();
      const clock = { now: () => new Date(Date.parse(createdAt) + shiftMs) };
      expect(await keyService.revoke({ ...h.deps, clock }, row.id, reason, null)).not.toBeNull();
      await h.deps.provenance.flush();
      return verifySignedStatement(await bundleOf(id), { logKey: await logKey() });
    };

    const revoked = await revoke(early.id, -1000, "laptop stolen");
    expect(failing(revoked)).toEqual(["revision 1: signature"]);
    expect(check(revoked, "revision 1: signature").detail).toMatch(/was revoked at \S+ \(laptop stolen\), at or before this revision/);

    const later = await revoke(late.id, 60_000, "rotated out after a scare");
    expect(later.valid).toBe(true);
    expect(check(later, "revision 1: key")).toMatchObject({ ok: true, note: true });
  });

  it("compares a trusted checkpoint of another size through a consistency proof, and explains what to do offline", async () => {
    const { id } = await publish({ title: "بيان قبل نقطة التحقق" });
    const older = (await bundleOf(id)).checkpoint ?? "";
    await publish({ title: "بيان بعد نقطة التحقق" });
    const bundle = await bundleOf(id);
    expect(bundle.checkpoint).not.toBe(older);
    const key = await logKey();

    const online = await verifySignedStatement(bundle, { logKey: key, trustedCheckpoint: older, fetchConsistency });
    expect(failing(online)).toEqual([]);
    expect(check(online, "trusted checkpoint").detail).toContain("the consistency proof shows the larger extends the smaller");

    const offline = await verifySignedStatement(bundle, { logKey: key, trustedCheckpoint: older });
    expect(failing(offline)).toEqual(["trusted checkpoint"]);
    expect(check(offline, "trusted checkpoint").detail).toMatch(/needs a consistency proof.*Verify online/);

    // A trusted checkpoint of an earlier size whose root the log never had: the proof fails.
    const lying = resignedCheckpoint(older, { root: new Uint8Array(32).fill(3) });
    const forked = await verifySignedStatement(bundle, { logKey: key, trustedCheckpoint: lying, fetchConsistency });
    expect(failing(forked)).toEqual(["trusted checkpoint"]);
    expect(check(forked, "trusted checkpoint").detail).toContain("does not verify");
  });

  it("lets a revision newer than the checkpoint wait for the next one, unless logging is required", async () => {
    const { id } = await publish({ title: "بيان حديث" });
    const b = clone(await bundleOf(id));
    rev(b).log = null;
    // A checkpoint (really signed by the log) dated a minute before the revision.
    const createdAt = Date.parse((JSON.parse(rev(b).canonical) as { created_at: string }).created_at);
    b.checkpoint = resignedCheckpoint(b.checkpoint ?? "", { timestamp: new Date(createdAt - 60_000).toISOString() });
    const report = await verifySignedStatement(b, { logKey: await logKey() });
    expect(report.valid).toBe(true);
    expect(check(report, "revision 1: log")).toMatchObject({ ok: true, note: true });
    expect(check(report, "revision 1: log").detail).toContain("not yet in a checkpoint");
    const strict = await verifySignedStatement(b, { logKey: await logKey(), requireLogged: true });
    expect(failing(strict)).toEqual(["revision 1: log"]);
  });

  it("verifies a published translation signed by the instance key", async () => {
    const { id } = await publish({ title: "عنوان مترجم", body: "جملة واحدة للترجمة." });
    const translator = await h.make.user({ role: "translator" });
    const reviewer = await h.make.user({ role: "reviewer" });
    const english: Record<string, string> = { "عنوان مترجم": "A translated title", "جملة واحدة للترجمة.": "One sentence to translate." };
    for (const s of await workspaceSegments(h.deps, id, 1, "en")) {
      const saved = await translationService.saveSegment(h.deps, translator, {
        segmentId: s.id,
        lang: "en",
        text: english[s.source] ?? "Text.",
        version: s.version,
        status: "translated",
        machine: false,
      });
      expect(saved.ok).toBe(true);
    }
    for (const s of await workspaceSegments(h.deps, id, 1, "en")) {
      const reviewed = await translationService.reviewSegment(h.deps, reviewer, {
        segmentId: s.id,
        lang: "en",
        version: s.version,
        decision: "approve",
        comment: "",
        confirmMachine: false,
      });
      expect(reviewed.ok).toBe(true);
    }
    await h.deps.provenance.flush();
    const bundle = await bundleOf(id);
    expect(bundle.translations).toHaveLength(1);
    const report = await verifySignedStatement(bundle, { logKey: await logKey() });
    expect(failing(report)).toEqual([]);
    expect(check(report, "translation en #1: signature").detail).toContain("by the instance key");
    expect(check(report, "translation en #1: inclusion").ok).toBe(true);

    const t = clone(bundle);
    const tr = t.translations[0] as SignedStatement["translations"][number];
    tr.canonical = tr.canonical.replace("One sentence to translate.", "Something else.");
    tr.hash = sha256(tr.canonical);
    const tampered = await verifySignedStatement(t, { logKey: await logKey() });
    expect(failing(tampered)).toEqual(["translation en #1: signature", "translation en #1: log entry"]);
  });

  it("fails a signature by a key dated after the key was replaced, not one dated before", async () => {
    // The server replaces a key and destroys its private half: nothing it signs can be dated later.
    const rotate = async (shiftMs: number) => {
      const { id } = await publish({ title: "بيان ومفتاح مستبدل" });
      const b = await bundleOf(id);
      const clock = { now: () => new Date(createdAtOf(b) + shiftMs) };
      await h.deps.db.transaction().execute((trx) => keyService.newServerKey({ ...h.deps, db: trx, clock }, h.deps.provenance.vault, b.group, null));
      await h.deps.provenance.flush();
      const after = await bundleOf(id);
      expect(after.keys.find((k) => k.fingerprint === rev(after).signature?.key)?.retired_at).toBe(new Date(createdAtOf(b) + shiftMs).toISOString());
      return verifySignedStatement(after, { logKey: await logKey() });
    };
    const replacedBefore = await rotate(-1000);
    expect(failing(replacedBefore)).toEqual(["revision 1: signature"]);
    expect(check(replacedBefore, "revision 1: signature").detail).toMatch(/^signed by key SHA256:\S+ after it was replaced on \S+: this revision is dated /);

    const replacedAfter = await rotate(60_000);
    expect(failing(replacedAfter)).toEqual([]);
    expect(replacedAfter.checks.filter((c) => c.note)).toEqual([]);
  });

  it("counts a key listed twice as current while one listing is, and as revoked once any listing is", async () => {
    const { id } = await publish({ title: "بيان بمفتاح مدرج مرتين" });
    const bundle = await bundleOf(id);
    const key = await logKey();
    const fp = rev(bundle).signature?.key ?? "";
    const listing = bundle.keys.find((k) => k.fingerprint === fp) as SignedStatement["keys"][number];
    const createdAt = createdAtOf(bundle);
    const withListing = (extra: Partial<SignedStatement["keys"][number]>, first: boolean) => {
      const b = clone(bundle);
      const copy = { ...listing, ...extra };
      b.keys = first ? [copy, ...b.keys] : [...b.keys, copy];
      return b;
    };
    // Registered, replaced long ago, registered again (the current listing): the old listing does not count against it.
    const old = { status: "rotated" as const, retired_at: new Date(createdAt - 86_400_000).toISOString() };
    for (const first of [true, false]) {
      expect(failing(await verifySignedStatement(withListing(old, first), { logKey: key }))).toEqual([]);
    }
    // A revoked listing wins over an active one, in either order: revoking a key revokes every listing of it.
    const revoked = { status: "revoked" as const, revoked_at: new Date(createdAt - 1000).toISOString(), revoked_reason: "stolen" };
    for (const first of [true, false]) {
      const r = await verifySignedStatement(withListing(revoked, first), { logKey: key });
      expect(failing(r)).toEqual(["revision 1: signature"]);
      expect(check(r, "revision 1: signature").detail).toMatch(/was revoked at \S+ \(stolen\), at or before this revision/);
    }
  });

  it("fails canonical texts and log entries that are not in canonical form, even re-hashed, re-signed and logged", async () => {
    const { id } = await publish({ title: "بيان بصيغة قانونية" });
    const bundle = await bundleOf(id);
    const canonical = rev(bundle).canonical;
    const parsed = JSON.parse(canonical) as Record<string, unknown>;
    const variants = {
      "a repeated key": canonical.replace('{"body":', '{"body":"نص آخر","body":'),
      "white space": JSON.stringify(parsed, null, 1),
      "unsorted keys": JSON.stringify({ v: 1, ...parsed }),
      "an extra field": canonical.replace('{"body":', '{"author":"x","body":'),
    };
    for (const [what, text] of Object.entries(variants)) {
      expect(text, what).not.toBe(canonical);
      const b = clone(bundle);
      await resign(b, 1, text);
      const r = await verifySignedStatement(b, { logKey: await logKey() });
      // The signature holds (it is the group's own key over these bytes); the form does not, nor the logged hash.
      expect(failing(r), what).toEqual(["revision 1: canonical form", "revision 1: log entry"]);
      expect(check(r, "revision 1: signature").ok).toBe(true);
      expect(check(r, "revision 1: canonical form").detail, what).toMatch(what === "an extra field" ? /unexpected author/ : /not in canonical form/);
    }

    // A log entry with a valid inclusion proof but not in canonical form (re-spelled, or with a key given twice).
    const entry = rev(bundle).log?.entry ?? "";
    expect(failing(await verifySignedStatement(ownLog(bundle, entry)))).toEqual([]);
    for (const text of [entry.replace('{"at":', '{ "at":'), entry.replace('{"at":', '{"at":"2000-01-01T00:00:00.000Z","at":')]) {
      const r = await verifySignedStatement(ownLog(bundle, text));
      expect(failing(r)).toEqual(["revision 1: log entry"]);
      expect(check(r, "revision 1: log entry").detail).toMatch(/^the entry is not in canonical form/);
      expect(check(r, "revision 1: inclusion").ok).toBe(true);
    }
  });

  it("measures the wait for the next checkpoint from the trusted checkpoint when it is later than the document's", async () => {
    const { id } = await publish({ title: "بيان لم يسجل" });
    const b = clone(await bundleOf(id));
    rev(b).log = null;
    const createdAt = createdAtOf(b);
    // The server puts an old checkpoint in the document (signed a minute before the revision): alone, it looks recent.
    b.checkpoint = resignedCheckpoint(b.checkpoint ?? "", { timestamp: new Date(createdAt - 60_000).toISOString() });
    const key = await logKey();
    expect(check(await verifySignedStatement(b, { logKey: key }), "revision 1: log")).toMatchObject({ ok: true, note: true });
    // A checkpoint the verifier trusts, of the same tree, signed ten minutes after the revision: it should be logged by then.
    const later = resignedCheckpoint(b.checkpoint, { timestamp: new Date(createdAt + 10 * 60_000).toISOString() });
    const r = await verifySignedStatement(b, { logKey: key, trustedCheckpoint: later });
    expect(check(r, "trusted checkpoint").ok).toBe(true);
    expect(failing(r)).toEqual(["revision 1: log"]);
    expect(check(r, "revision 1: log").detail).toMatch(/^not in the document's checkpoint, although dated \S+, before the trusted checkpoint of /);
    // An older trusted checkpoint does not move the reference back.
    const earlier = resignedCheckpoint(b.checkpoint, { timestamp: new Date(createdAt - 3_600_000).toISOString() });
    expect(check(await verifySignedStatement(b, { logKey: key, trustedCheckpoint: earlier }), "revision 1: log")).toMatchObject({ ok: true, note: true });
  });

  it("fails a document of another statement than the one asked for, in the API and in `sada verify URL`", async () => {
    const asked = await publish({ title: "البيان المطلوب" });
    const other = await publish({ title: "بيان آخر تماماً" });
    const report = await verifySignedStatement(await bundleOf(other.id), { statement: asked.id });
    expect(failing(report)).toEqual(["statement asked for"]);
    expect(check(report, "statement asked for").detail).toBe(
      `statement ${asked.id} was asked for, but the document is of statement ${other.id}: the server answered with another statement`,
    );

    // The CLI over an in-process app that answers every signed-document request with the other statement.
    const run = async (serve: (url: string) => string) => {
      let stdout = "";
      let stderr = "";
      const fetchApp = async (url: string): Promise<Response> => h.app.request(serve(url));
      const code = await runVerifyCommand(
        ["statement", `http://sada.test/ar/statements/${asked.id}`, "--log-key", await logKey()],
        { ok: (l) => (stdout += `${l}\n`), fail: (l) => (stderr += `${l}\n`) },
        fetchApp,
      );
      return { code, stdout, stderr };
    };
    const honest = await run((url) => url);
    expect(honest.code, honest.stdout + honest.stderr).toBe(0);
    expect(honest.stdout).toContain(`✓ statement asked for: the document is of statement ${asked.id}`);
    const swapped = await run((url) => url.replace(asked.id, other.id));
    expect(swapped.code, swapped.stdout + swapped.stderr).toBe(1);
    expect(swapped.stdout).toContain(`✗ statement asked for: statement ${asked.id} was asked for, but the document is of statement ${other.id}`);
    expect(swapped.stdout.trim().split("\n").at(-1)).toMatch(new RegExp(`^INVALID: statement ${other.id}, 1 of \\d+ checks failed$`));
  });

  it("never throws on malformed input: it reports failing checks", async () => {
    const { id } = await publish();
    const good = await bundleOf(id);
    const inputs: unknown[] = [
      null,
      "text",
      42,
      [],
      {},
      { format: "sada-signed-statement/1" },
      { ...good, revisions: "none" },
      { ...good, revisions: [null, 5, { number: "1" }] },
      { ...good, keys: [{ fingerprint: 3 }, null], checkpoint: 12, log_key: "nonsense" },
      {
        ...good,
        revisions: good.revisions.map((r) => ({ ...r, canonical: "{not json", log: { entry: "{}", index: -1, tree_size: "x", inclusion_path: [1] } })),
      },
      { ...good, translations: [{ lang: 5, canonical: "[]", signature: null, log: "x" }] },
    ];
    for (const input of inputs) {
      const report = await verifySignedStatement(input, { trustedCheckpoint: "garbage", fetchConsistency: () => Promise.reject(new Error("offline")) });
      expect(report.valid, JSON.stringify(input)?.slice(0, 80)).toBe(false);
      expect(report.checks.some((c) => !c.ok)).toBe(true);
    }
    // A pinned key that is not a verifier key fails the report too.
    const badKey = await verifySignedStatement(good, { logKey: "not a key" });
    expect(failing(badKey)).toContain("log key");
    expect(parseVerifierKey(await logKey()).name).toBe(h.deps.provenance.signer.origin);
  });
});
