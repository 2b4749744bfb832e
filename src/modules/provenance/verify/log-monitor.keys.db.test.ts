// The monitor against a server that breaks the key rules, or serves revisions the log never
// recorded. Each case adds entries a compromised server could write (straight into the queue) or
// serves a changed document through the injected fetch; the log is shared, so later runs see the
// earlier cases' entries too and the cases look for their own problem among those reported.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useHarness } from "../../../../test/harness";
import { canonicalJson, type CanonicalValue } from "../../../platform/canonical-json";
import type { SignedStatement } from "../bundle.queries";
import { keyService } from "../keys.service";
import { logRepo } from "../log/log.repo";
import type { LogEntry } from "../log/log.model";
import { fingerprint, formatCheckpoint, generateKeyPair, openNote, parseCheckpoint, parseVerifierKey, sign, signNote, toBase64 } from "../signing";
import type { FetchLike } from "./log-client";
import { monitorLog } from "./log-monitor";

const h = useHarness();
const utf8 = new TextEncoder();
const BASE = "http://sada.test";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sada-monitor-keys-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let dirs = 0;
const freshDir = () => path.join(tmp, `state-${dirs++}`);
const fetchApp: FetchLike = async (url) => h.app.request(url);
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

async function bundleOf(id: string): Promise<SignedStatement> {
  return (await (await h.client().get(`/api/v1/statements/${id}/signed`)).json()) as SignedStatement;
}

/** A statement of a new group, logged; with its group id, signing key and revision 1's canonical object. */
async function publish(title: string) {
  const owner = await h.make.user();
  const group = await h.make.vouchedGroup(owner);
  const s = await h.make.statement(owner, group.slug, { title, body: `${title}: نص.` });
  await h.deps.provenance.flush();
  const bundle = await bundleOf(s.statementId);
  const r1 = bundle.revisions[0] as SignedStatement["revisions"][number];
  const canonical = JSON.parse(r1.canonical) as Record<string, CanonicalValue>;
  return {
    owner,
    slug: group.slug,
    id: s.statementId,
    group: bundle.group,
    key: r1.signature?.key ?? "",
    hash: r1.hash,
    canonical,
    createdAt: canonical.created_at as string,
  };
}

async function keyRow(fp: string) {
  return h.deps.db.selectFrom("signing_keys").selectAll().where("fingerprint", "=", fp).orderBy("created_at").executeTakeFirstOrThrow();
}

/** Writes entries as a compromised server could, and appends them. */
async function logged(...entries: LogEntry[]): Promise<void> {
  for (const e of entries) {
    await logRepo.enqueue(h.deps.db, e, new Date().toISOString());
  }
  await h.deps.provenance.flush();
}

const revisionEntry = (p: { id: string; group: string; key: string }, number: number, at: string): LogEntry => ({
  type: "revision",
  statement: p.id,
  group: p.group,
  number,
  hash: sha256(`${p.id} ${number}`),
  key: p.key,
  retraction: false,
  at,
});

async function currentCheckpoint() {
  const note = await (await h.client().get("/log/v1/checkpoint")).text();
  const key = parseVerifierKey((await (await h.client().get("/log/v1/key")).text()).trim());
  const cp = parseCheckpoint(openNote(note, [key]).text);
  const stamp = cp.extensions.find((l) => l.startsWith("timestamp "))?.slice("timestamp ".length) ?? "";
  return { note, ...cp, at: Date.parse(stamp) };
}

/** The checkpoint note with another timestamp, signed again by the real instance key. */
function restamped(note: string, at: number): string {
  const signer = h.deps.provenance.signer;
  const cp = parseCheckpoint(openNote(note, [{ name: signer.origin, publicKey: signer.publicKey }]).text);
  const body = formatCheckpoint({ origin: cp.origin, size: cp.size, rootHash: cp.rootHash, extensions: [`timestamp ${new Date(at).toISOString()}`] });
  return signNote(body, signer.origin, signer.privateKey, signer.publicKey);
}

/** A fetch that serves `documents[id]` (a changed signed statement) instead of the real one. */
function serving(documents: Record<string, SignedStatement>): FetchLike {
  return async (url) => {
    const id = /\/api\/v1\/statements\/([^/]+)\/signed$/.exec(new URL(url).pathname)?.[1];
    const doc = id === undefined ? undefined : documents[id];
    return doc ? new Response(JSON.stringify(doc), { headers: { "content-type": "application/json" } }) : h.app.request(url);
  };
}

/** Revision 2 of a published statement, signed by `privateKey` (listed as `fp`), not logged. */
function unloggedRevision(p: Awaited<ReturnType<typeof publish>>, createdAt: string, fp: string, privateKey: Uint8Array): SignedStatement["revisions"][number] {
  const canonical = canonicalJson({ ...p.canonical, number: 2, prev: p.hash, created_at: createdAt, body: "نص لم يسجل قط." });
  return {
    number: 2,
    canonical,
    hash: sha256(canonical),
    signature: { format: "ed25519", key: fp, value: toBase64(sign(privateKey, utf8.encode(canonical))) },
    log: null,
  };
}

describe("the monitor and the group keys the log records", () => {
  const clean = freshDir();

  it("accepts a key replaced after what it signed, and the new key's revisions", async () => {
    const p = await publish("بيان قبل استبدال المفتاح");
    await h.deps.db.transaction().execute((trx) => keyService.newServerKey({ ...h.deps, db: trx }, h.deps.provenance.vault, p.group, null));
    await h.make.statement(p.owner, p.slug, { title: "بيان بالمفتاح الجديد", body: "نص جديد." });
    await h.deps.provenance.flush();
    const r = await monitorLog({ baseUrl: BASE, stateDir: clean, fetch: fetchApp });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it("reports a revision logged after the checkpoint the monitor saw but dated well before it (backdated)", async () => {
    const p = await publish("بيان سيؤرخ بأثر رجعي");
    expect((await monitorLog({ baseUrl: BASE, stateDir: clean, fetch: fetchApp })).ok).toBe(true);
    const seen = await currentCheckpoint();
    await logged(revisionEntry(p, 2, new Date(seen.at - 10 * 60_000).toISOString()));
    const r = await monitorLog({ baseUrl: BASE, stateDir: clean, fetch: fetchApp, contentLimit: 0 });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^statement ${p.id} revision 2 \\(entry \\d+\\) is dated \\S+, before the checkpoint of ${new Date(seen.at).toISOString()} \\(size ${seen.size}\\) that did not hold it`,
        ),
      ),
    ]);
  });

  it("reports a revision dated after its key was replaced, whichever the log holds first", async () => {
    // The replacement is logged after the revision, but dated a second before it.
    const p = await publish("بيان بمفتاح استبدل قبله");
    const clock = { now: () => new Date(Date.parse(p.createdAt) - 1000) };
    await h.deps.db.transaction().execute((trx) => keyService.newServerKey({ ...h.deps, db: trx, clock }, h.deps.provenance.vault, p.group, null));
    await h.deps.provenance.flush();
    const r = await monitorLog({ baseUrl: BASE, stateDir: freshDir(), fetch: fetchApp });
    expect(r.ok).toBe(false);
    const replacedAt = new Date(Date.parse(p.createdAt) - 1000).toISOString();
    expect(r.problems).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^key ${p.key.replace(/[+/]/g, "\\$&")} of group ${p.group} was replaced at ${replacedAt} \\(entry \\d+\\), but the log holds a revision it signed dated later, ${p.createdAt}$`,
        ),
      ),
    );
    // The server's own document says the same, and the re-checked statement fails.
    expect(r.problems).toContainEqual(
      expect.stringMatching(new RegExp(`^statement ${p.id}: revision 1: signature: signed by key \\S+ after it was replaced on ${replacedAt}`)),
    );

    // The other order: replaced first, then a revision by the replaced key dated after.
    const q = await publish("بيان بمفتاح مستبدل بعده");
    await h.deps.db.transaction().execute((trx) => keyService.newServerKey({ ...h.deps, db: trx }, h.deps.provenance.vault, q.group, null));
    const retired = (await keyRow(q.key)).retired_at ?? "";
    const later = new Date(Date.parse(retired) + 1000).toISOString();
    await logged(revisionEntry(q, 2, later));
    const s = await monitorLog({ baseUrl: BASE, stateDir: freshDir(), fetch: fetchApp, contentLimit: 0 });
    expect(s.problems).toContainEqual(
      expect.stringMatching(
        new RegExp(`^statement ${q.id} revision 2 \\(entry \\d+\\) is signed by key \\S+ after it was replaced on \\S+ \\(dated ${later}\\)$`),
      ),
    );
  });

  it("keeps a revoked key revoked when the log registers it again", async () => {
    const p = await publish("بيان بمفتاح ملغى");
    const row = await keyRow(p.key);
    await keyService.revoke({ ...h.deps }, row.id, "stolen", null);
    await h.deps.provenance.flush();
    const revokedAt = (await keyRow(p.key)).revoked_at ?? "";
    // The key listed again (another listing of the same fingerprint), then a revision signed by it.
    const at = new Date(Date.parse(revokedAt) + 1000).toISOString();
    await logged(
      { type: "key", action: "registered", group: p.group, key: p.key, public_key: row.public_key, custody: "server", reason: null, at },
      revisionEntry(p, 2, new Date(Date.parse(at) + 1000).toISOString()),
    );
    const r = await monitorLog({ baseUrl: BASE, stateDir: freshDir(), fetch: fetchApp, contentLimit: 0 });
    expect(r.problems).toContainEqual(
      expect.stringMatching(new RegExp(`^statement ${p.id} revision 2 \\(entry \\d+\\) is signed by key \\S+, revoked at \\S+, at or before this revision`)),
    );
  });

  it("reports a served revision the log never recorded although its checkpoint is later, and one signed by a key the log never registered", async () => {
    const p = await publish("بيان له مراجعة غير مسجلة");
    const q = await publish("بيان بمفتاح غير مسجل");
    const cp = await currentCheckpoint();
    const groupKey = keyService.open(h.deps.provenance.vault, await keyRow(p.key)).privateKey;

    // Revision 2, signed by the group's real key and dated five minutes before the log's latest
    // checkpoint; the document carries an older checkpoint (same tree, signed ten minutes earlier),
    // against which the revision looks recent enough to be waiting for the next one.
    const stale = await bundleOf(p.id);
    expect(stale.checkpoint).toBe(cp.note);
    stale.checkpoint = restamped(cp.note, cp.at - 10 * 60_000);
    const dated = new Date(cp.at - 5 * 60_000).toISOString();
    stale.revisions.push(unloggedRevision(p, dated, p.key, groupKey));

    // Revision 2 of the other statement, signed by a key the document lists but the log never registered.
    const intruder = generateKeyPair();
    const fp = fingerprint(intruder.publicKey);
    const foreign = await bundleOf(q.id);
    const listing = foreign.keys.find((k) => k.fingerprint === q.key) as SignedStatement["keys"][number];
    listing.status = "rotated";
    listing.retired_at = new Date(cp.at + 1000).toISOString();
    foreign.keys.push({ ...listing, fingerprint: fp, public_key: toBase64(intruder.publicKey), status: "active", retired_at: null });
    foreign.revisions.push(unloggedRevision(q, new Date(cp.at + 2000).toISOString(), fp, intruder.privateKey));

    const r = await monitorLog({ baseUrl: BASE, stateDir: freshDir(), fetch: serving({ [p.id]: stale, [q.id]: foreign }) });
    expect(r.ok).toBe(false);
    const cpAt = new Date(cp.at).toISOString();
    expect(r.problems).toContain(
      `statement ${p.id} revision 2: the server serves it, dated ${dated}, but the log does not hold it, although its checkpoint of ${cpAt} is later`,
    );
    // The document alone would pass (its old checkpoint); against the monitor's own checkpoint it does not.
    expect(r.problems).toContainEqual(
      expect.stringMatching(new RegExp(`^statement ${p.id}: revision 2: log: not in the document's checkpoint, although dated ${dated}`)),
    );
    expect(r.problems).toContain(`statement ${q.id} revision 2: signed by key ${fp}, which the log never registered for group ${q.group}`);
    expect(r.problems.filter((x) => x.startsWith(`statement ${q.id}`))).toEqual([
      `statement ${q.id} revision 2: signed by key ${fp}, which the log never registered for group ${q.group}`,
    ]);
  });
});
