import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../../test/db";
import type { DbContext } from "../../database";
import { addUnits, exportTmx, findMatches, importTmx, type NewTmUnit } from "./index";

let testDb: TestDb | null = null;
let otherDb: TestDb | null = null;
beforeAll(async () => {
  testDb = await createTestDb();
  otherDb = await createTestDb();
});
afterAll(async () => {
  await testDb?.close();
  await otherDb?.close();
});

function ctx(which: TestDb | null = testDb): DbContext {
  if (!which) {
    throw new Error("database not ready");
  }
  return { db: which.deps.db, dialect: which.deps.dialect };
}

async function unitCount(c: DbContext, sourceLang?: string): Promise<number> {
  let q = c.db.selectFrom("tm_units").select((eb) => eb.fn.countAll<number>().as("n"));
  if (sourceLang) {
    q = q.where("source_lang", "=", sourceLang);
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const unit = (source: string, target: string, extra: Partial<NewTmUnit> = {}): NewTmUnit => ({
  sourceLang: "ar",
  targetLang: "en",
  source,
  target,
  origin: "approved",
  ...extra,
});

describe("adding units", () => {
  it("adds new units once and skips repeats, also within one call", async () => {
    const units = [unit("وصلت القافلة إلى دوما", "The convoy reached Douma"), unit("أغلق المخبز أبوابه", "The bakery closed")];
    expect(await addUnits(ctx(), [...units, units[0] ?? unit("x", "y")])).toEqual({ added: 2, skipped: 1 });
    expect(await addUnits(ctx(), units)).toEqual({ added: 0, skipped: 2 });
    expect(await addUnits(ctx(), [unit("أغلق المخبز أبوابه", "The bakery has closed")])).toEqual({ added: 1, skipped: 0 });
  });
});

describe("finding matches", () => {
  beforeAll(async () => {
    await addUnits(ctx(), [
      unit("أصلح المتطوعون محطة ضخ المياه في حلب يوم الاثنين", "Volunteers repaired the water pumping station in Aleppo on Monday", {
        translator: "huda",
        statementId: "st1",
      }),
      unit("أصلح المتطوعون محطة ضخ المياه في إدلب يوم الثلاثاء", "Volunteers repaired the water pumping station in Idlib on Tuesday"),
      unit("وزّع الهلال الأحمر البطانيات على العائلات النازحة", "The Red Crescent distributed blankets to displaced families"),
      unit("أصلح المتطوعون محطة ضخ المياه في حلب يوم الاثنين", "Les bénévoles ont réparé la station", { targetLang: "fr" }),
      unit("قصف المستشفى الوطني", "The national hospital was shelled"),
      unit("قصف المستشفى الوطني", "Shelling of the national hospital", { context: "st9:3" }),
      unit("نعم", "Yes"),
    ]);
  });

  it("finds a 100% match and scores fuzzy matches in order", async () => {
    const found = await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text: "أصلح المتطوعون محطة ضخ المياه في حلب يوم الاثنين" });
    expect(found[0]).toMatchObject({
      score: 100,
      inContext: false,
      target: "Volunteers repaired the water pumping station in Aleppo on Monday",
      translator: "huda",
      statementId: "st1",
      origin: "approved",
    });
    expect(found[0]?.diff.every((d) => d.change === "same")).toBe(true);
    expect(found[1]?.target).toBe("Volunteers repaired the water pumping station in Idlib on Tuesday");
    expect(found[1]?.score).toBeGreaterThanOrEqual(70);
    expect(found[1]?.score).toBeLessThan(100);
    const scores = found.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(found.map((m) => m.target)).not.toContain("The Red Crescent distributed blankets to displaced families");
  });

  it("reports the differing words of a fuzzy match", async () => {
    const [m] = await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text: "أصلح المتطوعون محطة ضخ المياه في حمص يوم الاثنين" });
    expect(m?.score).toBeLessThan(100);
    expect(m?.diff.find((d) => d.change === "removed")?.text.trim()).toBe("حلب");
    expect(m?.diff.find((d) => d.change === "added")?.text.trim()).toBe("حمص");
  });

  it("puts the in-context exact match first", async () => {
    const withContext = await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text: "قصف المستشفى الوطني", context: "st9:3" });
    expect(withContext[0]).toMatchObject({ target: "Shelling of the national hospital", inContext: true, score: 100 });
    expect(withContext[1]).toMatchObject({ target: "The national hospital was shelled", inContext: false, score: 100 });
    const without = await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text: "قصف المستشفى الوطني" });
    expect(without.every((m) => !m.inContext)).toBe(true);
  });

  it("keeps language pairs apart", async () => {
    const fr = await findMatches(ctx(), { sourceLang: "ar", targetLang: "fr", text: "أصلح المتطوعون محطة ضخ المياه في حلب يوم الاثنين" });
    expect(fr.map((m) => m.target)).toEqual(["Les bénévoles ont réparé la station"]);
    expect(await findMatches(ctx(), { sourceLang: "en", targetLang: "ar", text: "The national hospital was shelled" })).toEqual([]);
  });

  it("gives 100% across harakat, alef forms, ى/ي, ة/ه, tatweel and digits", async () => {
    const found = await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text: "قَصْفُ المُسْتَشْفي الوطـني" });
    expect(found[0]?.score).toBe(100);
    const alef = await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text: "اصلح المتطوعون محطة ضخ المياه في حلب يوم الإثنين" });
    expect(alef[0]?.score).toBe(100);
  });

  it("drops matches under minScore and honours limit", async () => {
    const text = "أصلح المتطوعون محطة ضخ المياه في حمص يوم الخميس";
    const all = await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text, minScore: 50 });
    expect(all.length).toBeGreaterThanOrEqual(2);
    const strict = await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text, minScore: 99 });
    expect(strict).toEqual([]);
    expect(await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text, limit: 1 })).toHaveLength(1);
  });

  it("only gives exact matches for very short texts", async () => {
    expect((await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text: "نَعَم" })).map((m) => m.target)).toEqual(["Yes"]);
    expect(await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text: "لا" })).toEqual([]);
    expect(await findMatches(ctx(), { sourceLang: "ar", targetLang: "en", text: "  " })).toEqual([]);
  });
});

const FOREIGN_TMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="OtherCAT" creationtoolversion="7" segtype="sentence" o-tmf="xliff" adminlang="en-US" srclang="ar-SY" datatype="html"/>
  <body>
    <tu tuid="1">
      <tuv xml:lang="ar-SY" creationid="rami"><seg>افتتحت <bpt i="1">&lt;b&gt;</bpt>العيادة المتنقلة<ept i="1">&lt;/b&gt;</ept> في القامشلي &amp; الحسكة</seg></tuv>
      <tuv xml:lang="en-GB" creationid="rami"><seg>The <bpt i="1">&lt;b&gt;</bpt>mobile clinic<ept i="1">&lt;/b&gt;</ept> opened in Qamishli &amp; Hasakah<ph x="2">&lt;br/&gt;</ph></seg></tuv>
      <tuv xml:lang="ru"><seg>Мобильная клиника открылась в Камышлы</seg></tuv>
    </tu>
    <tu tuid="2">
      <tuv xml:lang="en"><seg>No Arabic here</seg></tuv>
    </tu>
    <tu tuid="3">
      <tuv xml:lang="ar"><seg>وصلت <hi>شحنة</hi> الأدوية</seg></tuv>
      <tuv xml:lang="en"><seg>The medicine shipment arrived</seg></tuv>
    </tu>
  </body>
</tmx>`;

describe("TMX", () => {
  it("imports a TMX file from another tool, leaving inline codes out of the text", async () => {
    const c = ctx(otherDb);
    const progress: Array<[number, number]> = [];
    const r = await importTmx(c, Buffer.from(FOREIGN_TMX), { onProgress: (done, total) => progress.push([done, total]) });
    expect(r.ok).toBe(true);
    if (!r.ok) {
      return;
    }
    expect(r.value).toMatchObject({ added: 3, skipped: 0, units: 3 });
    expect(r.value.errors).toEqual(['Translation unit 2 (tuid 2): no <tuv> in the source language "ar".']);
    expect(progress.at(-1)).toEqual([3, 3]);
    const [m] = await findMatches(c, { sourceLang: "ar", targetLang: "en", text: "افتتحت العيادة المتنقلة في القامشلي & الحسكة" });
    expect(m).toMatchObject({
      source: "افتتحت العيادة المتنقلة في القامشلي & الحسكة",
      target: "The mobile clinic opened in Qamishli & Hasakah",
      score: 100,
      origin: "tmx-import",
      translator: "rami",
    });
    const ru = await findMatches(c, { sourceLang: "ar", targetLang: "ru", text: "افتتحت العيادة المتنقلة في القامشلي & الحسكة" });
    expect(ru[0]?.target).toBe("Мобильная клиника открылась в Камышлы");
    const hi = await findMatches(c, { sourceLang: "ar", targetLang: "en", text: "وصلت شحنة الأدوية" });
    expect(hi[0]?.score).toBe(100);

    const again = await importTmx(c, FOREIGN_TMX, {});
    expect(again.ok && again.value).toMatchObject({ added: 0, skipped: 3, units: 3 });
  });

  it("exports valid TMX 1.4b that imports back to the same units", async () => {
    const c = ctx();
    const tricky = unit('A <b>&amp; "quoted"</b> line\r\nwith {1}bold{/1} and a break{2/}', "Ligne {1}grasse{/1}{2/} & <tag>", {
      context: "st1:4",
      translator: "o'hara & co",
    });
    await addUnits(c, [tricky, unit("  مسافات في البداية والنهاية  ", "Spaces at both ends  ")]);
    const xml = await exportTmx(c, { sourceLang: "ar", targetLang: "en" });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<tmx version="1.4">/);
    expect(xml).toContain('creationtool="Sada"');
    expect(xml).toContain('segtype="sentence"');
    expect(xml).toContain('o-tmf="sada"');
    expect(xml).toContain('adminlang="en"');
    expect(xml).toContain('srclang="ar"');
    expect(xml).toContain('datatype="plaintext"');
    expect(xml).toContain('<bpt i="1">{1}</bpt>bold<ept i="1">{/1}</ept>');
    expect(xml).not.toContain("Les bénévoles");

    const before = await c.db.selectFrom("tm_units").select(["source", "target", "context"]).where("target_lang", "=", "en").orderBy("id").execute();
    const fresh = await createTestDb();
    try {
      const target: DbContext = { db: fresh.deps.db, dialect: fresh.deps.dialect };
      const r = await importTmx(target, xml, {});
      expect(r.ok && r.value).toMatchObject({ added: before.length, skipped: 0, errors: [] });
      const after = await target.db.selectFrom("tm_units").select(["source", "target", "context"]).orderBy("id").execute();
      expect(after).toEqual(before);
      const translators = await target.db.selectFrom("tm_units").select("translator").where("context", "=", "st1:4").execute();
      expect(translators).toEqual([{ translator: "o'hara & co" }]);
      const second = await exportTmx(target, { sourceLang: "ar", targetLang: "en" });
      const strip = (s: string) => s.replace(/(creationdate|tuid)="[^"]*"/g, "").replace(/x-sada-origin">[^<]*/g, "");
      expect(strip(second)).toEqual(strip(xml));
    } finally {
      await fresh.close();
    }
  });

  it("uses the given source language when the header says *all*", async () => {
    const c = ctx(otherDb);
    const xml = `<tmx version="1.4"><header srclang="*all*" creationtool="x" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtoolversion="1"/><body>
      <tu><tuv xml:lang="en"><seg>Open the gate</seg></tuv><tuv xml:lang="ar"><seg>افتحوا البوابة</seg></tuv></tu></body></tmx>`;
    const noLang = await importTmx(c, xml, {});
    expect(noLang.ok && noLang.value.added).toBe(0);
    expect(noLang.ok && noLang.value.errors[0]).toContain("no source language");
    const withLang = await importTmx(c, xml, { sourceLang: "en-US" });
    expect(withLang.ok && withLang.value.added).toBe(1);
    expect((await findMatches(c, { sourceLang: "en", targetLang: "ar", text: "open the gate" }))[0]?.target).toBe("افتحوا البوابة");
  });

  it("rejects malformed, hostile and non-TMX files and adds nothing", async () => {
    const c = ctx(otherDb);
    const before = await unitCount(c);
    const hostile = `<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx version="1.4"><header srclang="ar"/><body><tu><tuv xml:lang="ar"><seg>&x;</seg></tuv><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>`;
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><tmx><body/></tmx>`;
    for (const [xml, type, text] of [
      [hostile, "xml", "DOCTYPE"],
      [bomb, "xml", "DOCTYPE"],
      [`<tmx version="1.4"><header srclang="ar"/><body><tu><tuv xml:lang="ar"><seg>نص</tuv></tu></body></tmx>`, "xml", "not well-formed"],
      [`<xliff version="1.2"><file/></xliff>`, "not-tmx", "not TMX"],
      [`<tmx version="1.4"><header srclang="ar"/></tmx>`, "not-tmx", "no <body>"],
    ] as const) {
      const r = await importTmx(c, xml, {});
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.type).toBe(type);
        expect(r.error.message).toContain(text);
      }
    }
    expect(await unitCount(c)).toBe(before);
  });
});
