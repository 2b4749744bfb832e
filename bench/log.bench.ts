// Transparency log benchmark: `node --import tsx bench/log.bench.ts`.
// On a temporary SQLite database it measures, with a baseline from the same run each time:
//  1. sustained appends/s: entries queued in small transactions (as publishing does) and moved
//     into the tree by the appender job, against plain INSERTs of the same rows (target ≥ 5,000/s);
//  2. inclusion and consistency proofs at BENCH_LOG_ENTRIES (default 1,000,000) entries, against
//     a single primary-key read (target ≤ 1 ms each);
//  3. `sada log monitor` verifying the whole log from scratch over HTTP from a real server
//     process, against hashing the same entries in memory (target ≤ 10 s).
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { connect } from "../src/platform/db/connect";
import { migrateToLatest } from "../src/platform/db/migrator";
import { createProgress } from "../src/platform/cli/progress";
import type { Database, DbContext } from "../src/modules/database";
import { CompactRange, consistencyProof, hashLeaf, inclusionProof } from "../src/modules/provenance/merkle";
import { appendPending, APPEND_BATCH } from "../src/modules/provenance/log/log.appender";
import { nodeReader } from "../src/modules/provenance/log/log.repo";
import { entryText } from "../src/modules/provenance/log/log.model";

const ENTRIES = Number(process.env.BENCH_LOG_ENTRIES ?? 1_000_000);
const SUSTAINED = Number(process.env.BENCH_LOG_SUSTAINED ?? 50_000);
const PROOFS = Number(process.env.BENCH_LOG_PROOFS ?? 2_000);
const EVENT_TX = 20; // entries per publishing transaction in the sustained test
const here = import.meta.dirname;
const utf8 = new TextEncoder();

// Group status changes: entries of realistic size that point at no statement, so the monitor's
// content check (at most --content-limit statements a run) has nothing to fetch here.
function entry(i: number): string {
  return entryText({
    type: "group-status",
    group: `g${String(i).padStart(15, "0")}`,
    status: i % 3 === 0 ? "verified" : "vouched",
    at: new Date(1_780_000_000_000 + i * 1000).toISOString(),
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function enqueue(ctx: DbContext, from: number, to: number, perTx: number): Promise<void> {
  for (let i = from; i < to; i += perTx) {
    const rows: Array<{ entry: string; created_at: string }> = [];
    for (let j = i; j < Math.min(to, i + perTx); j++) {
      rows.push({ entry: entry(j), created_at: "2026-11-25T00:00:00.000Z" });
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (let k = 0; k < rows.length; k += 500) {
        await trx
          .insertInto("log_queue")
          .values(rows.slice(k, k + 500))
          .execute();
      }
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-log-bench-"));
const dbPath = path.join(dir, "log.db");
const runtime = connect<Database>({ kind: "sqlite", path: dbPath });
await migrateToLatest(runtime.db as never);
const ctx: DbContext = { db: runtime.db, dialect: runtime.dialect };
const lines: string[] = [];
let server: ChildProcess | null = null;
try {
  // ---- 1. sustained appends ----
  await sql`CREATE TABLE plain_entries (idx integer primary key, entry text not null, leaf_hash text not null, created_at text not null)`.execute(runtime.db);
  let t = performance.now();
  for (let i = 0; i < SUSTAINED; i += EVENT_TX) {
    const rows: Array<{ idx: number; entry: string; leaf_hash: string; created_at: string }> = [];
    for (let j = i; j < Math.min(SUSTAINED, i + EVENT_TX); j++) {
      rows.push({ idx: j, entry: entry(j), leaf_hash: Buffer.from(hashLeaf(utf8.encode(entry(j)))).toString("hex"), created_at: "x" });
    }
    await runtime.db
      .transaction()
      .execute((trx) =>
        sql`INSERT INTO plain_entries ${sql.raw("(idx, entry, leaf_hash, created_at)")} VALUES ${sql.join(
          rows.map((r) => sql`(${r.idx}, ${r.entry}, ${r.leaf_hash}, ${r.created_at})`),
        )}`.execute(trx),
      );
  }
  const plainPerSecond = SUSTAINED / ((performance.now() - t) / 1000);
  await sql`DROP TABLE plain_entries`.execute(runtime.db);

  t = performance.now();
  // Events queue entries in their own small transactions while the appender drains the queue.
  let queued = 0;
  let appended = 0;
  while (appended < SUSTAINED) {
    if (queued < SUSTAINED) {
      const next = Math.min(SUSTAINED, queued + APPEND_BATCH);
      await enqueue(ctx, queued, next, EVENT_TX);
      queued = next;
    }
    appended += await appendPending(ctx);
  }
  const appendPerSecond = SUSTAINED / ((performance.now() - t) / 1000);
  lines.push(
    `appends (queue in ${EVENT_TX}-entry transactions + append job), ${SUSTAINED.toLocaleString("en")} entries: ${Math.round(appendPerSecond).toLocaleString("en")}/s` +
      ` — plain INSERT of the same rows: ${Math.round(plainPerSecond).toLocaleString("en")}/s (ratio ${(appendPerSecond / plainPerSecond).toFixed(2)}) — target ≥ 5,000/s: ${appendPerSecond >= 5000 ? "met" : "MISSED"}`,
  );

  // ---- fill to ENTRIES ----
  const progress = createProgress("building the log", ENTRIES);
  while (appended < ENTRIES) {
    const next = Math.min(ENTRIES, appended + 20_000);
    await enqueue(ctx, appended, next, 20_000);
    while ((await appendPending(ctx, 20_000)) > 0) {
      // drain
    }
    appended = next;
    progress.update(appended);
  }
  progress.done();

  // ---- 2. proofs ----
  const reader = nodeReader(runtime.db);
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const inclusion: number[] = [];
  const consistency: number[] = [];
  const baseline: number[] = [];
  for (let k = 0; k < PROOFS + 100; k++) {
    const size = ENTRIES - rnd(1000);
    let s = performance.now();
    await inclusionProof(reader, rnd(size), size);
    const a = performance.now() - s;
    const m = 1 + rnd(size - 1);
    s = performance.now();
    await consistencyProof(reader, m, size);
    const b = performance.now() - s;
    s = performance.now();
    await runtime.db.selectFrom("log_entries").select("leaf_hash").where("idx", "=", rnd(size)).executeTakeFirst();
    const c = performance.now() - s;
    if (k >= 100) {
      inclusion.push(a);
      consistency.push(b);
      baseline.push(c);
    }
  }
  for (const xs of [inclusion, consistency, baseline]) {
    xs.sort((x, y) => x - y);
  }
  const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(3)} ms, p95 ${percentile(xs, 95).toFixed(3)} ms, max ${(xs.at(-1) ?? 0).toFixed(3)} ms`;
  const base50 = percentile(baseline, 50);
  lines.push(
    `inclusion proofs at ${ENTRIES.toLocaleString("en")} entries: ${fmt(inclusion)} (p50 ${(percentile(inclusion, 50) / base50).toFixed(1)}× one primary-key read)`,
  );
  lines.push(
    `consistency proofs at ${ENTRIES.toLocaleString("en")} entries: ${fmt(consistency)} (p50 ${(percentile(consistency, 50) / base50).toFixed(1)}× one primary-key read)`,
  );
  lines.push(`one primary-key read (baseline): ${fmt(baseline)}`);
  lines.push(`proofs ≤ 1 ms (p95): ${percentile(inclusion, 95) <= 1 && percentile(consistency, 95) <= 1 ? "met" : "MISSED"}`);

  // ---- 3. monitor from scratch over HTTP ----
  // Baseline: hashing the same entries into a tree in memory, nothing else.
  const texts = Array.from({ length: ENTRIES }, (_, i) => utf8.encode(entry(i)));
  t = performance.now();
  const range = new CompactRange();
  for (const text of texts) {
    range.append(hashLeaf(text));
  }
  const hashSeconds = (performance.now() - t) / 1000;
  texts.length = 0;

  const port = await freePort();
  const serverEnv = {
    ...process.env,
    DATABASE_URL: `sqlite:${dbPath}`,
    SADA_DATA_DIR: dir,
    PORT: String(port),
    SADA_BASE_URL: `http://127.0.0.1:${port}`,
    SADA_CHECKPOINT_SECONDS: "0",
  };
  server = await new Promise<ChildProcess>((resolve, reject) => {
    const child = fork(path.join(here, "serve-sada.ts"), { env: serverEnv, execArgv: ["--import", "tsx"], stdio: "inherit" });
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  // Wait for the server's log job to sign a checkpoint covering everything.
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/log/v1/checkpoint`);
    if (res.ok && (await res.text()).split("\n")[1] === String(ENTRIES + 1)) {
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const state = path.join(dir, "monitor-state");
  t = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [path.join(here, "../bin/sada.mjs"), "log", "monitor", `http://127.0.0.1:${port}`, "--state", state], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("exit", resolve);
  });
  const monitorSeconds = (performance.now() - t) / 1000;
  lines.push(
    `sada log monitor from scratch, ${(ENTRIES + 1).toLocaleString("en")} entries over HTTP: ${monitorSeconds.toFixed(1)} s (exit ${code})` +
      ` — hashing them in memory alone: ${hashSeconds.toFixed(1)} s (ratio ${(monitorSeconds / hashSeconds).toFixed(1)}) — target ≤ 10 s: ${monitorSeconds <= 10 && code === 0 ? "met" : "MISSED"}`,
  );
} finally {
  server?.kill();
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`\nTransparency log (SQLite, this machine):\n${lines.map((l) => `  ${l}`).join("\n")}`);
