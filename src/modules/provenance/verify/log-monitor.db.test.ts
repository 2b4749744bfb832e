import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useHarness } from "../../../../test/harness";
import { issueCheckpoint } from "../log/log.appender";
import { bytesToHex, nodeId } from "../log/log.repo";
import { CompactRange, hashLeaf, rootOf } from "../merkle";
import { openNote, parseCheckpoint, parseVerifierKey } from "../signing";
import { monitorLog, type MonitorOptions } from "./log-monitor";
import { mirrorLog } from "./log-mirror";

const h = useHarness();
const utf8 = new TextEncoder();
const BASE = "http://sada.test";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sada-monitor-"));
const stateDir = path.join(tmp, "monitor");
const mirrorDir = path.join(tmp, "mirror");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The app answers in-process: no network. */
const fetchApp = async (url: string): Promise<Response> => h.app.request(url);
const monitor = (opts: Partial<MonitorOptions> = {}) => monitorLog({ baseUrl: BASE, stateDir, fetch: fetchApp, ...opts });
const mirror = () => mirrorLog({ baseUrl: `${BASE}/log/v1`, dir: mirrorDir, fetch: fetchApp, concurrency: 2 });

async function publish(title: string) {
  const owner = await h.make.user();
  const group = await h.make.vouchedGroup(owner);
  const statement = await h.make.statement(owner, group.slug, { title, body: `${title}: نص البيان.` });
  await h.deps.provenance.flush();
  return statement;
}

async function currentCheckpoint() {
  const note = await (await h.client().get("/log/v1/checkpoint")).text();
  const key = parseVerifierKey((await (await h.client().get("/log/v1/key")).text()).trim());
  return { note, ...parseCheckpoint(openNote(note, [key]).text) };
}

/** Every file under a folder with its content, to prove a failed run changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) {
      out[name] = fs.readFileSync(file, "utf8");
    }
  }
  return out;
}

/** Lets a log round started by a publish (setTimeout → worker.wake) finish before the database is touched. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("the log monitor and the mirror", () => {
  let statementId = "";

  it("verify every entry on their first run, pinning the log key, and save what they verified", async () => {
    statementId = (await publish("بيان أول للمراقبة")).statementId;
    const cp = await currentCheckpoint();
    const r = await monitor();
    expect(r).toMatchObject({ ok: true, firstRun: true, origin: "sada.test/log", size: cp.size, previousSize: 0, newEntries: cp.size, problems: [] });
    expect(r.statementsChecked).toBeGreaterThanOrEqual(1);
    expect(fs.readFileSync(path.join(stateDir, "checkpoint"), "utf8")).toBe(cp.note);
    const state = JSON.parse(fs.readFileSync(path.join(stateDir, "state.json"), "utf8")) as {
      log_key: string;
      size: number;
      statements: Record<string, { revisions: Record<string, string>; checked_at: string | null }>;
    };
    expect(state.log_key).toBe((await (await h.client().get("/log/v1/key")).text()).trim());
    expect(state.size).toBe(cp.size);
    expect(state.statements[statementId]?.revisions["1"]).toMatch(/^[0-9a-f]{64}$/);
    expect(state.statements[statementId]?.checked_at).not.toBeNull();

    const m = await mirror();
    expect(m).toMatchObject({ ok: true, firstRun: true, size: cp.size, newEntries: cp.size });
    expect(fs.readdirSync(path.join(mirrorDir, "entries"))).toEqual(["0000000000.jsonl"]);
    expect(fs.readFileSync(path.join(mirrorDir, "checkpoint"), "utf8")).toBe(cp.note);
  });

  it("follow the log through a consistency proof and pages of 1000 fetched in parallel", async () => {
    const before = await currentCheckpoint();
    // 2,100 more entries: three pages, the last one partial.
    const entries = Array.from({ length: 2100 }, (_, i) => ({
      entry: JSON.stringify({ at: "2026-01-01T00:00:00.000Z", group: `g${i}`, status: "vouched", type: "group-status", v: 1 }),
      created_at: "2026-01-01T00:00:00.000Z",
    }));
    for (let i = 0; i < entries.length; i += 500) {
      await h.deps.db
        .insertInto("log_queue")
        .values(entries.slice(i, i + 500))
        .execute();
    }
    const second = await publish("بيان ثان للمراقبة");
    const cp = await currentCheckpoint();
    expect(cp.size).toBeGreaterThan(before.size + 2100);

    const seen: number[] = [];
    const r = await monitor({ concurrency: 3, progress: (phase, done) => (phase === "entries" ? seen.push(done) : undefined) });
    expect(r).toMatchObject({ ok: true, firstRun: false, previousSize: before.size, size: cp.size, newEntries: cp.size - before.size, problems: [] });
    expect(seen.at(-1)).toBe(cp.size - before.size);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const state = JSON.parse(fs.readFileSync(path.join(stateDir, "state.json"), "utf8")) as { statements: Record<string, unknown> };
    expect(Object.keys(state.statements)).toEqual(expect.arrayContaining([statementId, second.statementId]));

    // The mirror copies incrementally: its partial first page is rewritten as it fills.
    const m = await mirror();
    expect(m).toMatchObject({ ok: true, firstRun: false, previousSize: before.size, size: cp.size });
    const files = fs.readdirSync(path.join(mirrorDir, "entries")).sort();
    expect(files.slice(0, 3)).toEqual(["0000000000.jsonl", "0000001000.jsonl", "0000002000.jsonl"]);
    const lines = files.flatMap((f) =>
      fs
        .readFileSync(path.join(mirrorDir, "entries", f), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { index: number; entry: string }),
    );
    expect(lines.map((l) => l.index)).toEqual([...Array(cp.size).keys()]);
    expect(
      fs
        .readFileSync(path.join(mirrorDir, "entries", "0000000000.jsonl"), "utf8")
        .split("\n")
        .filter(Boolean),
    ).toHaveLength(1000);
    expect(Buffer.from(rootOf(lines.map((l) => hashLeaf(utf8.encode(l.entry))))).equals(Buffer.from(cp.rootHash))).toBe(true);

    // Nothing new: both answer at once, and a wrong log key is refused.
    expect(await monitor()).toMatchObject({ ok: true, newEntries: 0 });
    expect(await mirror()).toMatchObject({ ok: true, newEntries: 0 });
    const wrongKey = await monitor({ logKey: "other.example/log+01234567+AQ==" });
    expect(wrongKey.ok).toBe(false);
    expect(wrongKey.problems[0]).toContain("is not the key pinned in the state");
  });

  it("reports a revision the server now serves differently from what the log recorded", async () => {
    const stateBefore = fs.readFileSync(path.join(stateDir, "state.json"), "utf8");
    const original = await h.deps.db
      .selectFrom("statement_revisions")
      .select(["canonical", "body", "hash"])
      .where("statement_id", "=", statementId)
      .where("number", "=", 1)
      .executeTakeFirstOrThrow();
    const body = "نص مزور بعد النشر.";
    const canonical = JSON.stringify({ ...(JSON.parse(original.canonical) as Record<string, unknown>), body });
    const hash = createHash("sha256").update(canonical, "utf8").digest("hex");
    const rewrite = (values: { canonical: string; body: string; hash: string }) =>
      h.deps.db.updateTable("statement_revisions").set(values).where("statement_id", "=", statementId).where("number", "=", 1).execute();
    await rewrite({ canonical, body, hash });
    try {
      const r = await monitor();
      expect(r.ok).toBe(false);
      expect(r.problems).toContain(`statement ${statementId} revision 1: the server now serves hash ${hash} but the log recorded ${original.hash}`);
      expect(r.problems).toContain(`statement ${statementId}: revision 1: signature: the Ed25519 signature does not match the canonical text`);
      // The state is saved only when everything verified.
      expect(fs.readFileSync(path.join(stateDir, "state.json"), "utf8")).toBe(stateBefore);
    } finally {
      await rewrite(original);
    }
    expect(await monitor()).toMatchObject({ ok: true, problems: [] });
  });

  it("detect a rewritten log entry through the consistency proof, and the mirror keeps its copy", async () => {
    await publish("بيان بعد آخر فحص");
    await settle();
    const stateBefore = snapshot(stateDir);
    const mirrorBefore = snapshot(mirrorDir);
    const size = (await currentCheckpoint()).size;

    // The operator rewrites history: entry 1 says something else, the tree is rebuilt from the
    // entries, old checkpoints are dropped and a new one is signed with the real log key.
    await h.deps.db.transaction().execute(async (trx) => {
      const target = await trx.selectFrom("log_entries").select(["idx", "entry"]).where("idx", "=", 1).executeTakeFirstOrThrow();
      const forged = target.entry.replace(/"at":"[^"]+"/, '"at":"2020-01-01T00:00:00.000Z"');
      expect(forged).not.toBe(target.entry);
      await trx
        .updateTable("log_entries")
        .set({ entry: forged, leaf_hash: bytesToHex(hashLeaf(utf8.encode(forged))) })
        .where("idx", "=", 1)
        .execute();
      const all = await trx.selectFrom("log_entries").select(["idx", "entry"]).orderBy("idx").execute();
      expect(all).toHaveLength(size);
      const range = new CompactRange();
      const nodes: Array<{ id: number; hash: string }> = [];
      for (const e of all) {
        for (const node of range.append(hashLeaf(utf8.encode(e.entry)))) {
          nodes.push({ id: nodeId(node.ref), hash: bytesToHex(node.hash) });
        }
      }
      await trx.deleteFrom("log_nodes").execute();
      for (let i = 0; i < nodes.length; i += 500) {
        await trx
          .insertInto("log_nodes")
          .values(nodes.slice(i, i + 500))
          .execute();
      }
      await trx.deleteFrom("log_checkpoints").execute();
    });
    expect(await issueCheckpoint(h.deps, h.deps.clock, h.deps.provenance.signer, 0)).toBe(size);
    // The new checkpoint is genuinely signed by the log key: only the consistency proof can tell.
    expect((await currentCheckpoint()).size).toBe(size);

    const r = await monitor();
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/consistency proof .* does not verify/);
    expect(snapshot(stateDir)).toEqual(stateBefore);

    const m = await mirror();
    expect(m.ok).toBe(false);
    expect(m.problems[0]).toMatch(/consistency/);
    expect(snapshot(mirrorDir)).toEqual(mirrorBefore);
  });
});
