// Feed benchmark: `node --import tsx bench/feed.bench.ts`.
// Seeds a SQLite instance (temporary file) with BENCH_FEED_STATEMENTS (default 60) Arabic
// statements of eight paragraphs, half of them translated into English, then renders full
// 50-entry feeds uncached BENCH_FEED_RUNS times (default 300) through the same code as the
// routes: queries, translation rendering, Atom/RSS serialization. Baselines measured in the same
// run: JSON.stringify of the same feed documents, and the home page (20 statements) rendered by
// the app with the page cache off. Target: p95 ≤ 20 ms per feed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../src/main/app";
import type { AppDeps } from "../src/main/deps";
import { createRuntime } from "../src/main/wiring";
import { accountService } from "../src/modules/accounts/account.service";
import { readFeed } from "../src/modules/distribution/feed.reader";
import { serializeFeed } from "../src/modules/distribution/serializers/feed.xml";
import { groupService } from "../src/modules/groups";
import { statementService } from "../src/modules/statements";
import { translationService, workspaceSegments } from "../src/modules/translation";
import { loadConfig } from "../src/platform/config";
import { translatorFor } from "../src/platform/i18n/translator";

const STATEMENTS = Number(process.env.BENCH_FEED_STATEMENTS ?? 60);
const RUNS = Number(process.env.BENCH_FEED_RUNS ?? 300);
const WARMUP = 30;
const TARGET_P95_MS = 20;

const PARAGRAPH =
  "يواصل فريق الدفاع المدني عمليات البحث والإنقاذ في الأحياء المتضررة من القصف، ويطالب المجلس المحلي بفتح ممرات آمنة لإيصال الوقود والدواء إلى المستشفى الوطني.";
const ENGLISH = "Civil defence teams continue search and rescue in the shelled districts; the council asks for safe corridors for fuel and medicine.";

async function seed(deps: AppDeps): Promise<void> {
  const user = async (handle: string, role: "reader" | "editor" | "translator" | "reviewer") => {
    const r = await accountService.createUser(deps, { handle, password: "bench passphrase 1", role, email: null });
    if (!r.ok) {
      throw new Error(r.error.type);
    }
    return r.value;
  };
  const owner = await user("feed_owner", "reader");
  const translator = await user("feed_translator", "translator");
  const reviewer = await user("feed_reviewer", "reviewer");
  const g = await groupService.propose(deps, owner, {
    slug: "feed-council",
    kind: "local_council",
    defaultLang: "ar",
    profiles: [
      { lang: "ar", name: "المجلس المحلي", description: "مجلس محلي منتخب." },
      { lang: "en", name: "Local council", description: "An elected local council." },
    ],
    places: ["SY-ID-idlib"],
    languages: ["ar", "en"],
    contact: "",
    supportChannels: [],
    needs: [],
  });
  if (!g.ok) {
    throw new Error(g.error.type);
  }
  for (const handle of ["feed_ed1", "feed_ed2"]) {
    await groupService.vouch(deps, await user(handle, "editor"), "feed-council", "bench");
  }
  const body = Array.from({ length: 8 }, (_, n) => `${PARAGRAPH} (${n + 1})`).join("\n\n");
  for (let n = 0; n < STATEMENTS; n++) {
    const s = await statementService.publish(deps, owner, "feed-council", {
      kind: n % 3 === 0 ? "appeal" : "statement",
      lang: "ar",
      title: `بيان رقم ${n + 1}`,
      body,
    });
    if (!s.ok) {
      throw new Error(s.error.type);
    }
    if (n % 2 === 1) {
      continue;
    }
    // Half the statements get a published English translation, so feeds render both paths.
    for (const step of ["save", "review"] as const) {
      for (const seg of await workspaceSegments(deps, s.value.statementId, 1, "en")) {
        const digits = /\d+/.exec(seg.source)?.[0];
        const text = seg.blockKind === "title" ? `Statement number ${digits ?? ""}` : `${ENGLISH}${digits ? ` (${digits})` : ""}`;
        const r =
          step === "save"
            ? await translationService.saveSegment(deps, translator, {
                segmentId: seg.id,
                lang: "en",
                text,
                version: seg.version,
                status: "translated",
                machine: false,
              })
            : await translationService.reviewSegment(deps, reviewer, {
                segmentId: seg.id,
                lang: "en",
                version: seg.version,
                decision: "approve",
                comment: "",
                confirmMachine: false,
              });
        if (!r.ok) {
          throw new Error(`${step}: ${r.error.type}`);
        }
      }
    }
  }
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number; mean: number }> {
  for (let n = 0; n < WARMUP; n++) {
    await fn();
  }
  const samples: number[] = [];
  for (let n = 0; n < runs; n++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-feed-bench-"));
const cfg = loadConfig({ DATABASE_URL: `sqlite:${path.join(dir, "bench.db")}`, SADA_DATA_DIR: dir, SADA_PAGE_CACHE_SECONDS: "0" });
if (!cfg.ok) {
  throw new Error("config");
}
const runtime = await createRuntime(cfg.value);
const deps = runtime.deps;
await seed(deps);
const app = buildApp(deps);
const base = deps.config.baseUrl;

const feed = async (lang: "en" | "ar", format: "atom" | "rss") => {
  const { document } = await readFeed(deps, { i: translatorFor(lang), baseUrl: base, scope: { type: "all" }, contentLang: lang });
  return serializeFeed(document, format);
};
const sample = await feed("en", "atom");
const entries = (sample.match(/<entry /g) ?? []).length;
const docs = await Promise.all(
  (["en", "ar"] as const).map(
    async (lang) => (await readFeed(deps, { i: translatorFor(lang), baseUrl: base, scope: { type: "all" }, contentLang: lang })).document,
  ),
);

const rows = [
  { label: "feed /en/feed.atom (25 translated)", ...(await time(RUNS, () => feed("en", "atom"))) },
  { label: "feed /en/feed.rss", ...(await time(RUNS, () => feed("en", "rss"))) },
  { label: "feed /ar/feed.atom (originals)", ...(await time(RUNS, () => feed("ar", "atom"))) },
  { label: "baseline: JSON.stringify same docs", ...(await time(RUNS, async () => JSON.stringify(docs))) },
  {
    label: "baseline: home page, no cache",
    ...(await time(RUNS, async () => {
      const res = await app.request("http://bench.local/en/");
      await res.text();
    })),
  },
];

console.log(`\nFeeds: ${entries} entries of ${Buffer.byteLength(sample)} bytes (Atom), ${RUNS} runs each after ${WARMUP} warm-up, ${os.cpus().length} cores`);
console.log("what                                      p50 ms    p95 ms   mean ms");
for (const r of rows) {
  console.log(`${r.label.padEnd(40)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(9)} ${r.mean.toFixed(2).padStart(9)}`);
}
const worst = Math.max(...rows.slice(0, 3).map((r) => r.p95));
console.log(`worst feed p95 ${worst.toFixed(2)} ms: ${worst <= TARGET_P95_MS ? "within" : "OVER"} the ${TARGET_P95_MS} ms target\n`);

await runtime.close();
fs.rmSync(dir, { recursive: true, force: true });
