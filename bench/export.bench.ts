// Open data export benchmark: `node --import tsx bench/export.bench.ts`.
// Fills a temporary SQLite instance with BENCH_EXPORT_STATEMENTS statements (default 100,000:
// revisions, signatures, segments, translation targets, a few published translations and their
// log entries), inserted directly in bulk, then runs `sada export --out FILE` as a child process
// and reports its peak RSS and time against a trivial Node process and an idle `sada help`.
// The peak is the real `sada export` process's: GNU time's maximum resident set size, or the
// VmHWM of /proc/<pid>/status sampled every 50 ms where /usr/bin/time is missing.
// Target: peak RSS ≤ 200 MB (DESIGN.md: memory stays flat however large the instance is).
// BENCH_EXPORT_KEEP=1 keeps the temporary directory (database and export) for a closer look.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { connect } from "../src/platform/db/connect";
import { migrateToLatest } from "../src/platform/db/migrator";
import { createProgress } from "../src/platform/cli/progress";
import type { Database } from "../src/modules/database";
import { canonicalForm, revisionHash } from "../src/modules/statements";
import { hashLeaf } from "../src/modules/provenance/merkle";
import { entryText } from "../src/modules/provenance/log/log.model";
import { fingerprint, generateKeyPair, toBase64 } from "../src/modules/provenance/signing";

const STATEMENTS = Number(process.env.BENCH_EXPORT_STATEMENTS ?? 100_000);
const GROUPS = 500;
const AUTHORS = 200;
const TARGETS = ["ckb", "de", "en", "es", "fr", "kmr", "ru", "tr"];
const TARGET_RSS_MB = 200;
const BIN = path.resolve(import.meta.dirname, "../bin/sada.mjs");

const SENTENCES = [
  "يواصل فريق الدفاع المدني عمليات البحث والإنقاذ في الأحياء المتضررة من القصف.",
  "ويطالب المجلس المحلي بفتح ممرات آمنة لإيصال الوقود والدواء إلى المستشفى الوطني.",
  "يعمل الكادر الطبي منذ أيام دون انقطاع رغم نقص المولدات.",
  "أصيب ١٢ مدنياً بينهم أربعة أطفال، ونُقل الجرحى إلى النقاط الطبية القريبة.",
  "ندعو المنظمات الإنسانية إلى التدخل العاجل لتأمين المياه النظيفة.",
];

const id = (prefix: string, i: number) => `${prefix}${i.toString(36).padStart(15, "0")}`.slice(-16);
const at = (i: number) => new Date(1_780_000_000_000 + i * 60_000).toISOString();
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** Peak RSS (kB) and wall time of a child process: GNU time's report when present, else /proc sampling. */
function measure(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; peakKb: number; seconds: number; stderr: string }> {
  const gnuTime = fs.existsSync("/usr/bin/time");
  const [cmd, argv] = gnuTime ? ["/usr/bin/time", ["-v", process.execPath, ...args]] : [process.execPath, args];
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let sampled = 0;
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
        sampled = Math.max(sampled, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // the process has ended
      }
    }, 50);
    child.on("close", (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const reported = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0);
      resolve({ code, peakKb: reported || sampled, seconds, stderr });
    });
  });
}

function fill(dbPath: string): void {
  const db = new SQLite(dbPath);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  // Rows go in statement by statement, the statement row last (it names its current hash).
  db.pragma("foreign_keys = OFF");
  const insert = (table: string, cols: string[]) => db.prepare(`INSERT INTO ${table} (${cols.join(",")}) VALUES (${cols.map(() => "?").join(",")})`);
  const users = insert("users", ["id", "handle", "password_hash", "email", "role", "locale", "created_at"]);
  const groups = insert("groups", ["id", "slug", "kind", "status", "default_lang", "contact", "proposed_by", "version", "created_at", "updated_at"]);
  const profiles = insert("group_profiles", ["group_id", "lang", "name", "description"]);
  const places = insert("group_places", ["group_id", "place_code"]);
  const keys = insert("signing_keys", [
    "id",
    "group_id",
    "custody",
    "public_key",
    "public_key_text",
    "fingerprint",
    "sealed_private_key",
    "status",
    "created_at",
    "created_by",
  ]);
  const statements = insert("statements", [
    "id",
    "group_id",
    "kind",
    "lang",
    "status",
    "current_revision",
    "current_hash",
    "title",
    "created_by",
    "published_at",
    "updated_at",
  ]);
  const revisions = insert("statement_revisions", [
    "statement_id",
    "number",
    "kind",
    "lang",
    "title",
    "body",
    "retraction_reason",
    "prev_hash",
    "hash",
    "canonical",
    "author_id",
    "created_at",
  ]);
  const signatures = insert("revision_signatures", ["statement_id", "number", "key_id", "format", "signature", "created_at"]);
  const targets = insert("translation_targets", ["statement_id", "lang", "added_by", "created_at", "published_revision", "published_at"]);
  const segments = insert("segments", ["id", "statement_id", "lang", "source", "markup", "created_at"]);
  const revSegments = insert("revision_segments", ["statement_id", "revision", "position", "segment_id", "block", "block_kind"]);
  const translations = insert("segment_translations", [
    "segment_id",
    "lang",
    "text",
    "status",
    "approved_text",
    "version",
    "machine",
    "translator_id",
    "reviewer_id",
    "updated_at",
  ]);
  const entries = insert("log_entries", ["idx", "entry", "leaf_hash", "subject", "created_at"]);
  let logSize = 0;
  const log = (entry: string, subject: string, when: string) => {
    entries.run(logSize, entry, Buffer.from(hashLeaf(new TextEncoder().encode(entry))).toString("hex"), subject, when);
    logSize += 1;
  };

  const progress = createProgress("Filling", STATEMENTS);
  db.transaction(() => {
    for (let u = 0; u < AUTHORS; u++) {
      users.run(id("u", u), `author_${u}`, "!bench", null, "reader", null, at(0));
    }
    const groupKeys: Array<{ id: string; fp: string }> = [];
    for (let g = 0; g < GROUPS; g++) {
      const gid = id("g", g);
      groups.run(gid, `group-${g}`, "local_council", "vouched", "ar", "", id("u", g % AUTHORS), 1, at(g), at(g));
      profiles.run(gid, "ar", `المجلس المحلي رقم ${g}`, "مجلس محلي منتخب يخدم الأحياء الشرقية ويدير المياه والكهرباء والمدارس.");
      places.run(gid, "SY-ID-idlib");
      const pair = generateKeyPair();
      const fp = fingerprint(pair.publicKey);
      keys.run(id("k", g), gid, "server", toBase64(pair.publicKey), null, fp, null, "active", at(g), null);
      groupKeys.push({ id: id("k", g), fp });
      log(
        entryText({ type: "key", action: "registered", group: gid, key: fp, public_key: toBase64(pair.publicKey), custody: "server", reason: null, at: at(g) }),
        `key:${fp}`,
        at(g),
      );
    }
    const signature = toBase64(randomBytes(64));
    for (let s = 0; s < STATEMENTS; s++) {
      const sid = id("s", s);
      const g = s % GROUPS;
      const gid = id("g", g);
      const key = groupKeys[g] ?? { id: "", fp: "" };
      const author = id("u", s % AUTHORS);
      const sentences = Array.from({ length: 5 }, (_, k) => SENTENCES[(s + k) % SENTENCES.length] ?? "");
      const revisionCount = s % 5 === 0 ? 2 : 1;
      let prev: string | null = null;
      let hash = "";
      const title = `بيان رقم ${s} من المجلس المحلي`;
      for (let n = 1; n <= revisionCount; n++) {
        const body = `${sentences.join(" ")}\n\n${sentences.slice(0, 3).join(" ")}${n > 1 ? " تحديث." : ""}`;
        const when = at(s + n);
        const canonical = canonicalForm({
          statementId: sid,
          groupId: gid,
          number: n,
          kind: "statement",
          lang: "ar",
          title,
          body,
          prevHash: prev,
          retractionReason: null,
          createdAt: when,
        });
        hash = revisionHash(canonical);
        revisions.run(sid, n, "edit", "ar", title, body, null, prev, hash, canonical, author, when);
        signatures.run(sid, n, key.id, "ed25519", signature, when);
        log(entryText({ type: "revision", statement: sid, group: gid, number: n, hash, key: key.fp, retraction: false, at: when }), `statement:${sid}`, when);
        [title, ...sentences].forEach((text, position) => {
          const segmentId = sha(`${sid}\u0000${text}\u0000${n > 1 && position === 5 ? 1 : 0}`).slice(0, 24);
          // Revision 2 changes its last sentence: one new segment, the others carried over.
          if (n === 1 || position === 5) {
            segments.run(segmentId, sid, "ar", n === 1 ? text : `${text} تحديث.`, "[]", when);
          }
          revSegments.run(sid, n, position, segmentId, position === 0 ? 0 : 1, position === 0 ? "title" : "paragraph");
          if (n === 1 && s % 100 === 0) {
            translations.run(
              segmentId,
              "en",
              `English text of segment ${position}.`,
              "approved",
              `English text of segment ${position}.`,
              2,
              0,
              author,
              author,
              when,
            );
          }
        });
        prev = hash;
      }
      statements.run(sid, gid, "statement", "ar", "published", revisionCount, hash, title, author, at(s + 1), at(s + revisionCount));
      for (const lang of TARGETS) {
        targets.run(sid, lang, author, at(s + 1), lang === "en" && s % 100 === 0 ? 1 : null, lang === "en" && s % 100 === 0 ? at(s + 2) : null);
      }
      if (s % 1000 === 0) {
        progress.update(s);
      }
    }
    db.prepare("UPDATE log_state SET size = ? WHERE id = 1").run(logSize);
    db.prepare("INSERT INTO instance_settings (name, value) VALUES ('log_origin', 'bench.example/log')").run();
  })();
  progress.done();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-export-bench-"));
try {
  const dbPath = path.join(dir, "sada.db");
  const handle = connect<Database>({ kind: "sqlite", path: dbPath });
  await migrateToLatest(handle.db as never);
  await handle.close();
  const t0 = Date.now();
  fill(dbPath);
  const fillSeconds = (Date.now() - t0) / 1000;
  const env = { ...process.env, DATABASE_URL: `sqlite:${dbPath}`, SADA_DATA_DIR: dir };
  const out = path.join(dir, "export.jsonl");

  const node = await measure(["-e", "setTimeout(() => {}, 100)"], env);
  const idle = await measure([BIN, "help"], env);
  const run = await measure([BIN, "export", "--out", out], env);
  if (run.code !== 0) {
    throw new Error(`sada export failed:\n${run.stderr}`);
  }
  const size = fs.statSync(out).size;
  const tail = fs.readFileSync(out).subarray(-2000).toString("utf8").trimEnd().split("\n").pop() ?? "{}";
  const exported = (JSON.parse(tail) as { counts?: { statement?: number } }).counts?.statement;
  if (exported !== STATEMENTS) {
    throw new Error(`the export holds ${String(exported)} statements, not ${STATEMENTS}`);
  }
  const dbSize = fs.statSync(dbPath).size;
  process.stdout.write(
    [
      "",
      `sada export of ${STATEMENTS.toLocaleString("en")} statements (SQLite ${(dbSize / 1e6).toFixed(0)} MB, filled in ${fillSeconds.toFixed(1)} s)`,
      `  file:        ${(size / 1e6).toFixed(0)} MB of JSON Lines in ${run.seconds.toFixed(1)} s (${(size / 1e6 / run.seconds).toFixed(1)} MB/s)`,
      `  peak RSS:    ${mb(run.peakKb)}   target ≤ ${TARGET_RSS_MB} MB: ${run.peakKb / 1024 <= TARGET_RSS_MB ? "met" : "NOT met"}`,
      `  baselines:   node -e 'setTimeout(…)' ${mb(node.peakKb)}; sada help (the CLI started, no command loaded) ${mb(idle.peakKb)}`,
      `  the export's own share (peak − idle sada): ${mb(run.peakKb - idle.peakKb)}`,
      `  (peak RSS from ${fs.existsSync("/usr/bin/time") ? "GNU time -v" : "/proc VmHWM samples"})`,
      "",
    ].join("\n"),
  );
} finally {
  if (process.env.BENCH_EXPORT_KEEP) {
    process.stdout.write(`kept ${dir}\n`);
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
