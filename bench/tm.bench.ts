// Translation memory benchmark: `node --import tsx bench/tm.bench.ts`.
// Builds a memory of BENCH_TM_UNITS (default 1,000,000) generated Arabic→English segment pairs
// on SQLite (temporary file) and, when available, PostgreSQL (SADA_TEST_POSTGRES_URL, or a
// throwaway server from Debian's postgresql package; BENCH_TM_PG=0 skips it), then times
// BENCH_TM_QUERIES (default 300) top-5 look-ups. Target: p95 ≤ 20 ms per look-up.
// BENCH_TM_KEEP=1 keeps the SQLite file for inspection; BENCH_TM_SQLITE=0 skips SQLite.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import { connect } from "../src/platform/db/connect";
import { migrateToLatest } from "../src/platform/db/migrator";
import type { Config } from "../src/platform/config";
import type { Database } from "../src/modules/database";
import { createProgress } from "../src/platform/cli/progress";
import { addUnits, findMatches, type NewTmUnit } from "../src/modules/translation/memory";
import type { DbContext } from "../src/modules/database";

const UNITS = Number(process.env.BENCH_TM_UNITS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_TM_QUERIES ?? 300);
// Look-ups before the measured ones, as on a server that has been running for a minute: the
// trigram statistics cache (candidates.queries.ts) fills during these. Reported separately.
const WARMUP = Number(process.env.BENCH_TM_WARMUP ?? 100);
const CHUNK = 10_000;
const TARGET_P95_MS = 20;

// ---- a small seeded generator of plausible Arabic→English report sentences ----

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Word = readonly [ar: string, en: string];
const SUBJECTS: Word[] = [
  ["المجلس المحلي", "the local council"],
  ["الهلال الأحمر", "the Red Crescent"],
  ["فريق الدفاع المدني", "the civil defence team"],
  ["لجنة الأهالي", "the residents' committee"],
  ["المنظمة", "the organisation"],
  ["المتطوعون", "the volunteers"],
  ["مديرية الصحة", "the health directorate"],
  ["نقابة المعلمين", "the teachers' union"],
  ["الفريق الطبي", "the medical team"],
  ["مجموعة النساء", "the women's group"],
  ["شبكة الإغاثة", "the relief network"],
  ["اللجنة التنسيقية", "the coordination committee"],
  ["مركز الإيواء", "the shelter"],
  ["فرق الإنقاذ", "the rescue teams"],
  ["إدارة المخيم", "the camp administration"],
  ["الأطباء", "the doctors"],
  ["الممرضات", "the nurses"],
  ["السكان", "the inhabitants"],
  ["النازحون", "the displaced people"],
  ["الطلاب", "the students"],
];
const VERBS: Word[] = [
  ["وزّع", "distributed"],
  ["أعلن", "announced"],
  ["وثّق", "documented"],
  ["طالب", "called for"],
  ["استقبل", "received"],
  ["أصلح", "repaired"],
  ["نظّم", "organised"],
  ["افتتح", "opened"],
  ["أغلق", "closed"],
  ["نقل", "transferred"],
  ["رصد", "recorded"],
  ["أدان", "condemned"],
  ["قدّم", "provided"],
  ["أطلق", "launched"],
  ["سجّل", "registered"],
  ["أحصى", "counted"],
  ["دعم", "supported"],
  ["أخلى", "evacuated"],
];
const OBJECTS: Word[] = [
  ["سلال غذائية", "food baskets"],
  ["مياه الشرب", "drinking water"],
  ["الأدوية الأساسية", "essential medicines"],
  ["حملة تلقيح", "a vaccination campaign"],
  ["المدرسة الابتدائية", "the primary school"],
  ["المستشفى الميداني", "the field hospital"],
  ["شبكة الكهرباء", "the electricity network"],
  ["محطة ضخ المياه", "the water pumping station"],
  ["الخيام الشتوية", "winter tents"],
  ["البطانيات", "blankets"],
  ["حليب الأطفال", "infant formula"],
  ["وقود التدفئة", "heating fuel"],
  ["العائلات المتضررة", "the affected families"],
  ["الجرحى", "the wounded"],
  ["المخبز", "the bakery"],
  ["الطريق الرئيسي", "the main road"],
  ["دورة تدريبية", "a training course"],
  ["مساعدات نقدية", "cash assistance"],
  ["عيادة متنقلة", "a mobile clinic"],
  ["انتهاكات جديدة", "new violations"],
  ["أسماء المفقودين", "the names of the missing"],
  ["بيانات الضحايا", "data on the victims"],
];
const PLACES: Word[] = [
  ["في حلب", "in Aleppo"],
  ["في إدلب", "in Idlib"],
  ["في دوما", "in Douma"],
  ["في درعا", "in Daraa"],
  ["في القامشلي", "in Qamishli"],
  ["في حمص", "in Homs"],
  ["في الرقة", "in Raqqa"],
  ["في دير الزور", "in Deir ez-Zor"],
  ["في ريف دمشق", "in rural Damascus"],
  ["في مخيم الهول", "in al-Hol camp"],
  ["في عفرين", "in Afrin"],
  ["في منبج", "in Manbij"],
  ["في جرابلس", "in Jarablus"],
  ["في السويداء", "in Sweida"],
  ["في حماة", "in Hama"],
  ["في اللاذقية", "in Latakia"],
];
const TIMES: Word[] = [
  ["يوم الاثنين", "on Monday"],
  ["يوم الثلاثاء", "on Tuesday"],
  ["يوم الأربعاء", "on Wednesday"],
  ["يوم الخميس", "on Thursday"],
  ["صباح الجمعة", "on Friday morning"],
  ["مساء السبت", "on Saturday evening"],
  ["يوم الأحد", "on Sunday"],
  ["الأسبوع الماضي", "last week"],
  ["خلال الشهر الجاري", "during the current month"],
  ["منذ بداية العام", "since the beginning of the year"],
];
const TAILS: Word[] = [
  ["بالتعاون مع الأهالي", "in cooperation with the residents"],
  ["رغم القصف المستمر", "despite the continuous shelling"],
  ["بسبب انقطاع الطرق", "because the roads were cut"],
  ["بدعم من المانحين", "with support from donors"],
  ["لأكثر من عائلة", "for more than families"],
  ["وسط ظروف صعبة", "in difficult conditions"],
  ["بعد نفاد المخزون", "after stocks ran out"],
  ["قبل حلول الشتاء", "before winter arrives"],
  ["حسب مصادر محلية", "according to local sources"],
  ["بإشراف لجنة مستقلة", "under the supervision of an independent committee"],
  ["بالتنسيق مع المنظمات الدولية", "in coordination with international organisations"],
  ["ضمن خطة الاستجابة الطارئة", "as part of the emergency response plan"],
];
const LINKS: Word[] = [
  ["كما", "also"],
  ["ثم", "then"],
  ["و", "and"],
  ["بينما", "while"],
];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  // Mildly Zipf-like: early entries are more frequent, like real text.
  const i = Math.floor(list.length * Math.pow(rnd(), 1.6));
  const v = list[Math.min(i, list.length - 1)];
  if (v === undefined) {
    throw new Error("empty list");
  }
  return v;
}

function clause(rnd: () => number): Word {
  const parts: Word[] = [pick(rnd, SUBJECTS), pick(rnd, VERBS), pick(rnd, OBJECTS)];
  const n = 1 + Math.floor(rnd() * 2000);
  const ar: string[] = [parts[1]?.[0] ?? "", parts[0]?.[0] ?? "", `${n}`, parts[2]?.[0] ?? ""];
  const en: string[] = [parts[0]?.[1] ?? "", parts[1]?.[1] ?? "", `${n}`, parts[2]?.[1] ?? ""];
  if (rnd() < 0.8) {
    const p = pick(rnd, PLACES);
    ar.push(p[0]);
    en.push(p[1]);
  }
  if (rnd() < 0.6) {
    const t = pick(rnd, TIMES);
    ar.push(t[0]);
    en.push(t[1]);
  }
  if (rnd() < 0.5) {
    const t = pick(rnd, TAILS);
    ar.push(t[0]);
    en.push(t[1]);
  }
  return [ar.join(" "), en.join(" ")];
}

/** A sentence of about 5–30 words: one to three clauses. */
function sentence(rnd: () => number): Word {
  const clauses = 1 + Math.floor(rnd() * rnd() * 3);
  let ar = "";
  let en = "";
  for (let i = 0; i < clauses; i++) {
    const [a, e] = clause(rnd);
    if (i === 0) {
      ar = a;
      en = e.charAt(0).toUpperCase() + e.slice(1);
    } else {
      const l = pick(rnd, LINKS);
      ar += `، ${l[0]} ${a}`;
      en += `, ${l[1]} ${e}`;
    }
  }
  return [`${ar}.`, `${en}.`];
}

/** A near-duplicate: a changed number, a dropped or swapped word, or added harakat. */
function mutate(rnd: () => number, [ar, en]: Word): Word {
  const words = ar.replace(/\.$/, "").split(" ");
  const r = rnd();
  const i = Math.floor(rnd() * words.length);
  if (r < 0.35) {
    const n = 1 + Math.floor(rnd() * 2000);
    return [ar.replace(/\d+/, String(n)), en.replace(/\d+/, String(n))];
  }
  if (r < 0.6 && words.length > 6) {
    words.splice(i, 1);
  } else if (r < 0.85) {
    words[i] = pick(rnd, PLACES)[0].split(" ")[1] ?? "";
  } else {
    words[i] = `${words[i] ?? ""}ً`;
  }
  return [`${words.join(" ")}.`, en];
}

// ---- measurement ----

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface RunResult {
  label: string;
  units: number;
  buildSeconds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanMatches: number;
  hitRate: number;
  shortP50: number;
  /** p95 of the warm-up look-ups of a fresh process. */
  coldP95: number;
}

async function run(label: string, database: Config["database"]): Promise<RunResult> {
  const runtime = connect<Database>(database);
  await migrateToLatest(runtime.db as never);
  const ctx: DbContext = { db: runtime.db, dialect: runtime.dialect };
  try {
    const rnd = mulberry32(42);
    const recent: Word[] = [];
    const stored: Word[] = [];
    const progress = createProgress(`${label}: building memory`, UNITS);
    const t0 = performance.now();
    let made = 0;
    while (made < UNITS) {
      const units: NewTmUnit[] = [];
      const n = Math.min(CHUNK, UNITS - made);
      for (let i = 0; i < n; i++) {
        const base = recent.length > 100 && rnd() < 0.25 ? mutate(rnd, recent[Math.floor(rnd() * recent.length)] ?? sentence(rnd)) : sentence(rnd);
        if (recent.length < 5000) {
          recent.push(base);
        } else {
          recent[Math.floor(rnd() * recent.length)] = base;
        }
        if (rnd() < 2000 / UNITS) {
          stored.push(base);
        }
        units.push({ sourceLang: "ar", targetLang: "en", source: base[0], target: base[1], origin: "tmx-import", context: null });
      }
      await addUnits(ctx, units);
      made += n;
      progress.update(made);
    }
    progress.done();
    if (runtime.dialect === "postgres") {
      // A live server's autovacuum would have analysed the table by now; a bulk load has not.
      await sql`ANALYZE tm_units`.execute(runtime.db);
    }
    const buildSeconds = (performance.now() - t0) / 1000;

    const qrnd = mulberry32(7);
    const queries: string[] = [];
    for (let i = 0; i < QUERIES + WARMUP; i++) {
      const r = qrnd();
      const base = stored[Math.floor(qrnd() * stored.length)] ?? sentence(qrnd);
      queries.push(r < 0.2 ? base[0] : r < 0.75 ? mutate(qrnd, mutate(qrnd, base))[0] : sentence(mulberry32(1_000_000 + i))[0]);
    }
    const times: number[] = [];
    const coldTimes: number[] = [];
    let matches = 0;
    let hits = 0;
    for (const [i, text] of queries.entries()) {
      const t = performance.now();
      const found = await findMatches(ctx, { sourceLang: "ar", targetLang: "en", text, limit: 5, minScore: 50 });
      const ms = performance.now() - t;
      if (i >= WARMUP) {
        times.push(ms);
        matches += found.length;
        hits += found.length > 0 ? 1 : 0;
      } else {
        coldTimes.push(ms);
      }
    }
    coldTimes.sort((a, b) => a - b);
    const shortTimes: number[] = [];
    for (const text of ["نعم", "لا", "1.", "ok"]) {
      const t = performance.now();
      await findMatches(ctx, { sourceLang: "ar", targetLang: "en", text });
      shortTimes.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    shortTimes.sort((a, b) => a - b);
    return {
      label,
      units: UNITS,
      buildSeconds,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      max: times.at(-1) ?? Number.NaN,
      meanMatches: matches / times.length,
      hitRate: hits / times.length,
      shortP50: percentile(shortTimes, 50),
      coldP95: percentile(coldTimes, 95),
    };
  } finally {
    await runtime.close();
  }
}

interface TempPostgres {
  url: string;
  stop(): void;
}

async function postgresServer(): Promise<TempPostgres | null> {
  if (process.env.BENCH_TM_PG === "0") {
    return null;
  }
  const given = process.env.SADA_TEST_POSTGRES_URL;
  if (given) {
    return { url: given, stop: () => undefined };
  }
  const script = "../scripts/pg-temp.mjs";
  const mod = (await import(script)) as { startTempPostgres(): Promise<TempPostgres | null> };
  return mod.startTempPostgres();
}

const results: RunResult[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-tm-bench-"));
try {
  if (process.env.BENCH_TM_SQLITE !== "0") {
    results.push(await run("sqlite", { kind: "sqlite", path: path.join(dir, "tm.db") }));
  }
  const server = await postgresServer();
  if (server) {
    const name = `sada_tm_bench_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    try {
      results.push(await run("postgres", { kind: "postgres", url: url.toString() }));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      server.stop();
    }
  } else {
    console.log("PostgreSQL: skipped (set SADA_TEST_POSTGRES_URL or install Debian's postgresql package).");
  }
} finally {
  if (process.env.BENCH_TM_KEEP === "1") {
    console.log(`Kept the SQLite memory in ${dir}`);
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `\nTranslation memory look-ups (top 5, minScore 50): ${QUERIES} measured after ${WARMUP} warm-up look-ups; target p95 ≤ ${TARGET_P95_MS} ms (steady state)`,
);
console.log("database   units       build      p50 ms  p95 ms  p99 ms  max ms  hit rate  matches/query  short-text p50 ms  cold p95 ms");
for (const r of results) {
  console.log(
    `${r.label.padEnd(10)} ${r.units.toLocaleString("en").padEnd(11)} ${`${r.buildSeconds.toFixed(1)} s`.padEnd(10)} ${r.p50.toFixed(2).padStart(6)}  ${r.p95
      .toFixed(2)
      .padStart(6)}  ${r.p99.toFixed(2).padStart(6)}  ${r.max.toFixed(2).padStart(6)}  ${`${Math.round(r.hitRate * 100)}%`.padStart(8)}  ${r.meanMatches
      .toFixed(2)
      .padStart(
        13,
      )}  ${r.shortP50.toFixed(2).padStart(17)}  ${r.coldP95.toFixed(2).padStart(11)}  ${r.p95 <= TARGET_P95_MS ? "meets target" : "MISSES target"}`,
  );
}
