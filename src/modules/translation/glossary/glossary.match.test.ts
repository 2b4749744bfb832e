import { describe, expect, it } from "vitest";
import { findTermsInSegment } from "./glossary.match";
import type { GlossaryTerm } from "./glossary.model";

let n = 0;
function term(text: string, sourceLang: string, opts: Partial<GlossaryTerm> = {}): GlossaryTerm {
  n += 1;
  return {
    id: `t${n}`,
    sourceLang,
    targetLang: sourceLang === "en" ? "ar" : "en",
    term: text,
    preferred: ["x"],
    forbidden: [],
    doNotTranslate: false,
    note: "",
    updatedAt: "2026-11-25T17:00:00.000Z",
    ...opts,
  };
}

/** Matches as [term, matched text] pairs, in source order. */
function found(terms: GlossaryTerm[], source: string, lang: string): Array<[string, string]> {
  return findTermsInSegment(terms, source, lang).map((m) => [m.term.term, m.text]);
}

describe("findTermsInSegment: Arabic", () => {
  const civilDefence = term("الدفاع المدني", "ar");
  const defence = term("الدفاع", "ar");
  const hospital = term("مستشفى", "ar");
  const douma = term("دوما", "ar", { doNotTranslate: true, preferred: [] });
  const terms = [defence, civilDefence, hospital, douma];

  it("finds a term after the clitics و ف ب ك ل ال and their combinations", () => {
    for (const word of ["مستشفى", "المستشفى", "بالمستشفى", "للمستشفى", "والمستشفى", "فالمستشفى", "لمستشفى", "ومستشفى", "وبالمستشفى", "كالمستشفى"]) {
      expect(found([hospital], `وصل الجرحى ${word} صباحاً.`, "ar")).toEqual([["مستشفى", word]]);
    }
  });

  it("reports offsets in the original string, clitics included", () => {
    const source = "نُقل المصابون إلى المستشفى في دوما.";
    const matches = findTermsInSegment(terms, source, "ar");
    expect(matches.map((m) => [m.term.id, m.start, m.end])).toEqual([
      [hospital.id, source.indexOf("المستشفى"), source.indexOf("المستشفى") + "المستشفى".length],
      [douma.id, source.indexOf("دوما"), source.indexOf("دوما") + 4],
    ]);
    expect(matches[1]?.term.doNotTranslate).toBe(true);
  });

  it("ignores harakat, tatweel and alef/yeh/teh marbuta variants", () => {
    expect(found([hospital], "في مُسْتَشْفَى المدينة", "ar")).toEqual([["مستشفى", "مُسْتَشْفَى"]]);
    expect(found([hospital], "في مستشفـــى المدينة", "ar")).toEqual([["مستشفى", "مستشفـــى"]]);
    expect(found([term("مدرسة", "ar")], "أمام المدرسه القديمة", "ar")).toEqual([["مدرسة", "المدرسه"]]);
    expect(found([term("إدلب", "ar")], "في ادلب وريفها", "ar")).toEqual([["إدلب", "ادلب"]]);
  });

  it("prefers the longest match and still finds the shorter term elsewhere", () => {
    expect(found(terms, "عمل الدفاع المدني مع الدفاع عن الأحياء", "ar")).toEqual([
      ["الدفاع المدني", "الدفاع المدني"],
      ["الدفاع", "الدفاع"],
    ]);
    expect(found(terms, "شكرٌ للدفاع المدني", "ar")).toEqual([["الدفاع المدني", "للدفاع المدني"]]);
  });

  it("matches across placeholders and extra whitespace but reports the original span", () => {
    const source = "وصلت فرق {1}الدفاع{/1}  {2}المدنيّ{/2} إلى {3/}دوما";
    const matches = findTermsInSegment(terms, source, "ar");
    expect(matches.map((m) => m.text)).toEqual(["الدفاع{/1}  {2}المدنيّ", "دوما"]);
    expect(matches[0]?.start).toBe(source.indexOf("الدفاع"));
  });

  it("needs whole words: no match inside a longer word or with a non-clitic prefix", () => {
    expect(found([douma], "الدومات والدوماني", "ar")).toEqual([]);
    expect(found([hospital], "مستشفيات المدينة", "ar")).toEqual([]);
    expect(found([term("لجنة", "ar")], "تمت الموافقة", "ar")).toEqual([]);
  });

  it("treats a term's own article as optional, but not a short remainder like الله → له", () => {
    expect(found([term("المستشفى", "ar")], "في مستشفى ميداني", "ar")).toEqual([["المستشفى", "مستشفى"]]);
    expect(found([term("الله", "ar")], "قال له", "ar")).toEqual([]);
  });

  it("finds every occurrence", () => {
    expect(found([douma], "دوما ثم دوما ثم لدوما", "ar").map(([, t]) => t)).toEqual(["دوما", "دوما", "لدوما"]);
  });

  it("does not strip Arabic clitics in other Arabic-script languages", () => {
    const sorani = term("نەخۆشخانە", "ckb");
    expect(found([sorani], "بۆ نەخۆشخانە ڕۆیشتین", "ckb")).toEqual([["نەخۆشخانە", "نەخۆشخانە"]]);
    expect(found([sorani], "ونەخۆشخانە", "ckb")).toEqual([]);
    // Arabic yeh and kaf typed for Persian ی and ک still match.
    expect(found([term("کوردستان", "ckb")], "لە كوردستان", "ckb")).toEqual([["کوردستان", "كوردستان"]]);
  });
});

describe("findTermsInSegment: Latin and Cyrillic", () => {
  it("is case-insensitive with word boundaries (Kurmanji)", () => {
    const hospital = term("Nexweşxane", "kmr");
    expect(found([hospital], "NEXWEŞXANE û nexweşxane", "kmr")).toEqual([
      ["Nexweşxane", "NEXWEŞXANE"],
      ["Nexweşxane", "nexweşxane"],
    ]);
    expect(found([hospital], "nexweşxaneyan", "kmr")).toEqual([]);
  });

  it("matches multi-word English terms only as whole words, longest first", () => {
    const terms = [term("civil defence", "en"), term("defence", "en"), term("UN", "en")];
    expect(found(terms, "The Civil Defence said the UN's defence-line held; UNICEF came.", "en")).toEqual([
      ["civil defence", "Civil Defence"],
      ["UN", "UN"],
      ["defence", "defence"],
    ]);
  });

  it("matches inflected Russian forms by stem, ё as е", () => {
    const terms = [term("больница", "ru"), term("гражданская оборона", "ru"), term("Ёлкино", "ru")];
    expect(found(terms, "Возле больницы работала Гражданская {1}оборона{/1}; в больнице и в Елкино тихо.", "ru")).toEqual([
      ["больница", "больницы"],
      ["гражданская оборона", "Гражданская {1}оборона"],
      ["больница", "больнице"],
      ["Ёлкино", "Елкино"],
    ]);
    expect(found(terms, "больничный лист", "ru")).toEqual([]);
  });

  it("keeps punctuation that is part of a term", () => {
    expect(found([term("U.N.", "en")], "The U.N. said", "en")).toEqual([["U.N.", "U.N."]]);
    expect(found([term("U.N.", "en")], "The U N said", "en")).toEqual([]);
  });

  it("returns nothing for an empty glossary or a term without letters", () => {
    expect(findTermsInSegment([], "anything", "en")).toEqual([]);
    expect(findTermsInSegment([term("—", "en")], "a — b", "en")).toEqual([]);
  });
});
