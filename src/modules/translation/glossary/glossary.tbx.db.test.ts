import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../../test/db";
import { factories } from "../../../../test/factories";
import type { Viewer } from "../../accounts/account.model";
import { glossaryTermCommand } from "./glossary.commands";
import { termsForPair } from "./glossary.queries";
import { glossaryService } from "./glossary.service";
import { exportTbx, importTbx } from "./glossary.tbx";

let t: TestDb;
let reviewer: Viewer;

beforeAll(async () => {
  t = await createTestDb();
  reviewer = await factories(t.deps).user({ role: "editor" });
});
afterAll(async () => {
  await t.close();
});

/** The pair's glossary as comparable values, without ids and timestamps. */
async function snapshot(sourceLang: string, targetLang: string) {
  return (await termsForPair(t.deps, sourceLang, targetLang)).map(({ term, preferred, forbidden, doNotTranslate, note }) => ({
    term,
    preferred,
    forbidden,
    doNotTranslate,
    note,
  }));
}

const TBX_2008 = `<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="ru-RU">
  <martifHeader><fileDesc><sourceDesc><p>Exported from a CAT tool</p></sourceDesc></fileDesc></martifHeader>
  <text>
    <body>
      <termEntry id="t1">
        <descrip type="subjectField">medicine</descrip>
        <note>Городская больница, не «госпиталь».</note>
        <langSet xml:lang="ru-RU">
          <tig>
            <term>больница</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>госпиталь</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="ar-SY">
          <tig>
            <term>مستشفى</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <ntig>
            <termGrp>
              <term>مشفى</term>
              <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
            </termGrp>
          </ntig>
          <tig>
            <term>مستوصف</term>
            <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
          </tig>
        </langSet>
      </termEntry>
      <termEntry id="t2">
        <langSet xml:lang="ru"><tig><term>Гражданская &amp; <hi>оборона</hi></term></tig></langSet>
        <langSet xml:lang="ar"><tig><term><![CDATA[الدفاع المدني]]></term></tig></langSet>
      </termEntry>
      <termEntry id="t3">
        <langSet xml:lang="ru"><tig><term>Дума</term></tig></langSet>
      </termEntry>
      <termEntry id="t4">
        <langSet xml:lang="en"><tig><term>only English</term></tig></langSet>
      </termEntry>
    </body>
  </text>
</martif>`;

describe("TBX export and import", () => {
  it("round-trips a pair through TBX, and re-importing adds and changes nothing", async () => {
    const cmd = (input: Record<string, unknown>) => glossaryTermCommand.parse({ sourceLang: "ar", targetLang: "en", ...input });
    for (const input of [
      { term: "الدفاع المدني", preferred: "Civil Defence;White Helmets", forbidden: "civil protection", note: "Line one\nLine two & <more>" },
      { term: "دوما", preferred: "", doNotTranslate: true, note: "Place name." },
      { term: "مستشفى", preferred: "hospital" },
    ]) {
      const r = await glossaryService.create(t.deps, reviewer, cmd(input));
      expect(r.ok).toBe(true);
    }
    const before = await snapshot("ar", "en");
    const xml = exportTbx(await termsForPair(t.deps, "ar", "en"), "ar", "en");

    expect(await importTbx(t.deps, reviewer, xml, { sourceLang: "ar", targetLang: "en" })).toEqual({
      ok: true,
      value: { added: 0, updated: 0, unchanged: 3, errors: [] },
    });
    expect(await snapshot("ar", "en")).toEqual(before);

    // Into an empty pair (same languages, file written for ar→en, imported as ar→en elsewhere): a fresh copy.
    await t.deps.db.deleteFrom("glossary_terms").where("source_lang", "=", "ar").where("target_lang", "=", "en").execute();
    expect(await importTbx(t.deps, reviewer, xml, { sourceLang: "ar", targetLang: "en" })).toEqual({
      ok: true,
      value: { added: 3, updated: 0, unchanged: 0, errors: [] },
    });
    expect(await snapshot("ar", "en")).toEqual(before);
  });

  it("updates entries in place when the file has changed them", async () => {
    const terms = await termsForPair(t.deps, "ar", "en");
    const changed = terms.map((x) => (x.term === "مستشفى" ? { ...x, preferred: ["hospital", "medical centre"] } : x));
    const r = await importTbx(t.deps, reviewer, exportTbx(changed, "ar", "en"), { sourceLang: "ar", targetLang: "en" });
    expect(r).toEqual({ ok: true, value: { added: 0, updated: 1, unchanged: 2, errors: [] } });
    const after = await termsForPair(t.deps, "ar", "en");
    expect(after.find((x) => x.term === "مستشفى")).toMatchObject({ id: terms.find((x) => x.term === "مستشفى")?.id, preferred: ["hospital", "medical centre"] });
  });

  it("reads a TBX 2008 <martif> file with tig, ntig, statuses, language subtags and inline markup", async () => {
    const r = await importTbx(t.deps, reviewer, TBX_2008, { sourceLang: "ru", targetLang: "ar" });
    expect(r).toEqual({
      ok: true,
      value: { added: 2, updated: 0, unchanged: 0, errors: ['entry "t3" (Дума): no preferred translation, and not marked do-not-translate'] },
    });
    expect(await snapshot("ru", "ar")).toEqual([
      { term: "больница", preferred: ["مستشفى", "مشفى"], forbidden: ["مستوصف"], doNotTranslate: false, note: "Городская больница, не «госпиталь»." },
      { term: "Гражданская & оборона", preferred: ["الدفاع المدني"], forbidden: [], doNotTranslate: false, note: "" },
    ]);
    expect(await importTbx(t.deps, reviewer, TBX_2008, { sourceLang: "ru", targetLang: "ar" })).toMatchObject({
      ok: true,
      value: { added: 0, updated: 0, unchanged: 2 },
    });
  });

  it("refuses hostile and broken files and writes nothing", async () => {
    const before = await snapshot("ar", "en");
    const pair = { sourceLang: "ar", targetLang: "en" };
    const bomb = `<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><tbx><text><body><conceptEntry id="x"><langSec xml:lang="ar"><termSec><term>&b;</term></termSec></langSec></conceptEntry></body></text></tbx>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><tbx><text><body/></text></tbx>`;
    for (const [xml, reason] of [
      [bomb, "doctype-forbidden"],
      [xxe, "doctype-forbidden"],
      ["<tbx><text><body><conceptEntry></body></text></tbx>", "malformed"],
      ["<html><body>not a glossary</body></html>", "not-tbx"],
      [`<tbx><text><body>${"<!-- padding -->".repeat(400_000)}</body></text></tbx>`, "too-large"],
    ] as const) {
      const r = await importTbx(t.deps, reviewer, xml, pair);
      expect(r.ok ? null : r.error).toMatchObject({ type: "invalid-file", reason });
      expect(r.ok ? "" : "message" in r.error ? r.error.message : "").not.toBe("");
    }
    expect(await snapshot("ar", "en")).toEqual(before);
  });

  it("refuses people who may not edit the glossary, and a pair of one language", async () => {
    const translator = await factories(t.deps).user({ role: "translator" });
    const xml = exportTbx(await termsForPair(t.deps, "ar", "en"), "ar", "en");
    expect(await importTbx(t.deps, translator, xml, { sourceLang: "ar", targetLang: "en" })).toEqual({ ok: false, error: { type: "forbidden" } });
    expect(await importTbx(t.deps, reviewer, xml, { sourceLang: "ar", targetLang: "ar" })).toEqual({ ok: false, error: { type: "invalid-pair" } });
  });

  it("says so when no entry has the chosen source language", async () => {
    const r = await importTbx(t.deps, reviewer, TBX_2008, { sourceLang: "kmr", targetLang: "ar" });
    expect(r).toEqual({ ok: true, value: { added: 0, updated: 0, unchanged: 0, errors: ['No entry has a term in the source language "kmr".'] } });
  });
});
