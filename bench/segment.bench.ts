// `node --import tsx bench/segment.bench.ts`: time to publish, segment and save a 5,000-word
// statement (the whole write: revision, hash, search index, segments), on SQLite and, when
// available, PostgreSQL. Target: ≤ 200 ms.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRuntime } from "../src/main/wiring";
import { statementService } from "../src/modules/statements";
import { segmentStatement } from "../src/modules/translation/segments";
import { loadConfig } from "../src/platform/config";
import { seedStatement } from "./fixture";
// @ts-expect-error plain ESM helper without types
import { startTempPostgres } from "../scripts/pg-temp.mjs";

const SENTENCE = [
  "يواصل فريق الدفاع المدني عمليات البحث والإنقاذ في الأحياء المتضررة من القصف.",
  "ويطالب المجلس المحلي بفتح ممرات آمنة لإيصال الوقود والدواء إلى **المستشفى الوطني** فوراً.",
  "أصيب ١٢ مدنياً بينهم ٣ أطفال، وفق [تقرير الفريق الطبي](https://example.org/report).",
  "هل من مجيب؟ نناشد المنظمات الدولية التحرك العاجل؛ فالوضع لا يحتمل التأخير.",
];

function body(words: number): string {
  const paragraphs: string[] = [];
  let count = 0;
  let n = 0;
  while (count < words) {
    const para = Array.from({ length: 4 }, (_, k) => SENTENCE[(n + k) % SENTENCE.length] ?? "").join(" ") + ` (${n})`;
    paragraphs.push(n % 10 === 0 ? `## القسم ${n}` : para);
    count += para.split(/\s+/).length;
    n += 1;
  }
  return paragraphs.join("\n\n");
}

async function measure(label: string, databaseUrl: string, dir: string) {
  const cfg = loadConfig({ DATABASE_URL: databaseUrl, SADA_DATA_DIR: dir });
  if (!cfg.ok) {
    throw new Error("config");
  }
  const runtime = await createRuntime(cfg.value);
  await seedStatement(runtime.deps);
  const owner = await runtime.deps.db.selectFrom("users").selectAll().where("handle", "=", "bench_owner").executeTakeFirstOrThrow();
  const viewer = { id: owner.id, handle: owner.handle, role: "reader" as const, locale: null };
  const text = body(5600);
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const r = await statementService.publish(runtime.deps, viewer, "bench-council", { kind: "report", lang: "ar", title: `تقرير ${i}`, body: text });
    times.push(performance.now() - t0);
    if (!r.ok) {
      throw new Error(r.error.type);
    }
  }
  await runtime.close();
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(10)} publish + segment + save, ${text.split(/\s+/).length} words: median ${times[3]?.toFixed(1)} ms, max ${times[6]?.toFixed(1)} ms (target ≤ 200 ms)`,
  );
}

const words = body(5600).split(/\s+/).length;
const t0 = performance.now();
const segments = segmentStatement(body(5600), "ar");
console.log(`segmentation alone: ${segments.length} segments from ${words} words in ${(performance.now() - t0).toFixed(1)} ms`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-seg-bench-"));
await measure("sqlite", `sqlite:${path.join(dir, "b.db")}`, dir);
const pg = process.env.SADA_TEST_POSTGRES_URL ? { url: process.env.SADA_TEST_POSTGRES_URL, stop: () => undefined } : await startTempPostgres();
if (pg) {
  try {
    await measure("postgres", pg.url, dir);
  } finally {
    pg.stop();
  }
}
fs.rmSync(dir, { recursive: true, force: true });
