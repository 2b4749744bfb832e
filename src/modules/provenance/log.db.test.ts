import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { hashLeaf, verifyConsistency, verifyInclusion } from "./merkle";
import { appendPending, rootHashAt } from "./log/log.appender";
import { logRepo } from "./log/log.repo";
import { fromBase64Strict, openNote, parseCheckpoint, parseVerifierKey } from "./signing";

const h = useHarness();
const utf8 = new TextEncoder();

function b64(text: string): Uint8Array {
  const bytes = fromBase64Strict(text);
  if (!bytes) {
    throw new Error(`not base64: ${text}`);
  }
  return bytes;
}

async function checkpoint() {
  const res = await h.client().get("/log/v1/checkpoint");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  const note = await res.text();
  const vkey = parseVerifierKey((await (await h.client().get("/log/v1/key")).text()).trim());
  const opened = openNote(note, [vkey]);
  return { note, ...parseCheckpoint(opened.text) };
}

async function publish(title: string) {
  const owner = await h.make.user();
  const group = await h.make.vouchedGroup(owner);
  return { owner, group, statement: await h.make.statement(owner, group.slug, { title }) };
}

describe("transparency log", () => {
  it("logs each published revision, signs a checkpoint, and proves inclusion by RFC 9162", async () => {
    const { statement } = await publish("نداء عاجل لفتح ممر آمن");
    await h.deps.provenance.flush();
    const cp = await checkpoint();
    expect(cp.origin).toBe("sada.test/log");
    expect(cp.extensions[0]).toMatch(/^timestamp \d{4}-\d\d-\d\dT/);

    const entries = await logRepo.entriesAbout(h.deps.db, `statement:${statement.statementId}`);
    expect(entries).toHaveLength(1);
    const entry = JSON.parse(entries[0]?.entry ?? "{}") as Record<string, unknown>;
    expect(entry).toMatchObject({ type: "revision", statement: statement.statementId, number: 1, hash: statement.hash, retraction: false, v: 1 });

    const leaf = hashLeaf(utf8.encode(entries[0]?.entry ?? ""));
    const res = await h.client().get(`/log/v1/proof/inclusion?leaf=${Buffer.from(leaf).toString("hex")}&size=${cp.size}`);
    expect(res.status).toBe(200);
    const proof = (await res.json()) as { leaf_index: number; tree_size: number; inclusion_path: string[] };
    expect(proof.leaf_index).toBe(entries[0]?.idx);
    expect(verifyInclusion(proof.leaf_index, cp.size, leaf, proof.inclusion_path.map(b64), cp.rootHash)).toBe(true);
    // The same proof against another root fails.
    const other = new Uint8Array(cp.rootHash);
    other[0] = (other[0] ?? 0) ^ 1;
    expect(verifyInclusion(proof.leaf_index, cp.size, leaf, proof.inclusion_path.map(b64), other)).toBe(false);
  });

  it("proves that a later checkpoint extends an earlier one", async () => {
    await publish("بيان أول");
    await h.deps.provenance.flush();
    const first = await checkpoint();
    await publish("بيان ثان");
    await publish("بيان ثالث");
    await h.deps.provenance.flush();
    const second = await checkpoint();
    expect(second.size).toBeGreaterThan(first.size);
    const res = await h.client().get(`/log/v1/proof/consistency?from=${first.size}&to=${second.size}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { consistency_path: string[] };
    expect(verifyConsistency(first.size, second.size, first.rootHash, second.rootHash, body.consistency_path.map(b64))).toBe(true);
  });

  it("serves entries in bounded pages whose leaves rebuild the checkpoint's root", async () => {
    await publish("بيان للصفحات");
    await h.deps.provenance.flush();
    const cp = await checkpoint();
    const res = await h.client().get(`/log/v1/entries?start=0&end=${cp.size + 50}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { start: number; end: number; entries: Array<{ index: number; entry: string; leaf_hash: string }> };
    expect(page.end).toBe(cp.size);
    expect(page.entries.map((e) => e.index)).toEqual([...Array(cp.size).keys()]);
    for (const e of page.entries) {
      expect(Buffer.from(hashLeaf(utf8.encode(e.entry))).toString("base64")).toBe(e.leaf_hash);
    }
    expect(Buffer.from(await rootHashAt(h.deps, cp.size)).equals(Buffer.from(cp.rootHash))).toBe(true);
  });

  it("answers bad log queries with clear JSON errors", async () => {
    const c = h.client();
    const cases: Array<[string, number]> = [
      ["/log/v1/entries?start=-1", 422],
      ["/log/v1/entries?start=abc", 422],
      ["/log/v1/entries?start=5&end=2", 422],
      ["/log/v1/entries?start=99999999", 422],
      ["/log/v1/proof/inclusion?leaf=xyz&size=1", 422],
      [`/log/v1/proof/inclusion?leaf=${"ab".repeat(32)}&size=1`, 404],
      ["/log/v1/proof/inclusion?size=1", 422],
      ["/log/v1/proof/inclusion?leaf=00&size=999999999", 422],
      ["/log/v1/proof/consistency?from=3&to=2", 422],
      ["/log/v1/proof/consistency?from=0&to=2", 422],
      ["/log/v1/nothing", 404],
    ];
    for (const [path, status] of cases) {
      const res = await c.get(path);
      expect(res.status, path).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code, path).toMatch(/^ERR_/);
    }
  });

  it("appends strictly in order even when appenders race", async () => {
    for (let i = 0; i < 30; i++) {
      await h.deps.db
        .insertInto("log_queue")
        .values({ entry: JSON.stringify({ at: "2026-01-01T00:00:00.000Z", group: `g${i}`, status: "vouched", type: "group-status", v: 1 }), created_at: "x" })
        .execute();
    }
    const before = await logRepo.size(h.deps.db);
    await Promise.all([appendPending(h.deps, 7), appendPending(h.deps, 7), appendPending(h.deps, 7), appendPending(h.deps, 7)]);
    while ((await appendPending(h.deps, 7)) > 0) {
      // drain
    }
    const after = await logRepo.size(h.deps.db);
    expect(after - before).toBe(30);
    const rows = await logRepo.entries(h.deps.db, before, after);
    expect(rows.map((r) => (JSON.parse(r.entry) as { group: string }).group)).toEqual([...Array(30).keys()].map((i) => `g${i}`));
  });

  it("shows readers the signed text, not a stored column that was changed behind its back", async () => {
    const { statement } = await publish("نص موقّع");
    await h.deps.db
      .updateTable("statement_revisions")
      .set({ body: "نص مزوّر", title: "عنوان مزوّر" })
      .where("statement_id", "=", statement.statementId)
      .execute();
    const page = await (await h.client().get(`/ar/statements/${statement.statementId}`)).text();
    expect(page).toContain("نص موقّع");
    expect(page).not.toContain("مزوّر");
  });
});
