import { describe, expect, it } from "vitest";
import { glossaryTermCommand } from "./glossary.commands";
import { glossaryPermissions, normalizeTerm, parseStringList, sortTerms, type GlossaryTerm } from "./glossary.model";

describe("normalizeTerm", () => {
  it("folds Arabic harakat, tatweel, alef forms and teh marbuta, and collapses whitespace", () => {
    expect(normalizeTerm("  الدِّفاع   المَدَنيّ ", "ar")).toBe("الدفاع المدني");
    expect(normalizeTerm("مُسْتَشْفَى", "ar")).toBe(normalizeTerm("مستشفـى", "ar"));
    expect(normalizeTerm("إدلب", "ar")).toBe("ادلب");
    expect(normalizeTerm("قرار ٢٢٥٤", "ar")).toBe("قرار 2254");
  });

  it("lower-cases Latin and Cyrillic text after NFC", () => {
    expect(normalizeTerm("NEXWEŞXANE", "kmr")).toBe("nexweşxane");
    expect(normalizeTerm("Nexwes\u0327xane", "kmr")).toBe("nexweşxane");
    expect(normalizeTerm("Гражданская  Оборона", "ru")).toBe("гражданская оборона");
    expect(normalizeTerm("Ёлкино", "ru")).toBe("елкино");
    expect(normalizeTerm("İSTANBUL", "tr")).toBe("istanbul");
    expect(normalizeTerm("DİYARBAKIR", "tr")).toBe("diyarbakır");
  });

  it("unifies Persian/Kurdish and Arabic letter twins, and drops ZWNJ", () => {
    expect(normalizeTerm("نەخۆشخانە", "ckb")).toBe(normalizeTerm("نەخۆشخانە", "ckb"));
    expect(normalizeTerm("کوردستان", "ckb")).toBe(normalizeTerm("كوردستان", "ckb"));
    expect(normalizeTerm("می\u200Cخواهم", "fa")).toBe(normalizeTerm("میخواهم", "fa"));
  });
});

describe("glossaryTermCommand", () => {
  const base = { sourceLang: "ar", targetLang: "en", term: " مستشفى ", preferred: ["hospital"] };

  it("accepts renderings as an array or as newline/semicolon-separated text", () => {
    const fromForm = glossaryTermCommand.parse({ ...base, preferred: "hospital\r\n medical centre ;clinic؛ hospital", forbidden: "", doNotTranslate: "" });
    expect(fromForm).toEqual({
      sourceLang: "ar",
      targetLang: "en",
      term: "مستشفى",
      preferred: ["hospital", "medical centre", "clinic"],
      forbidden: [],
      doNotTranslate: false,
      note: "",
    });
    expect(glossaryTermCommand.parse({ ...base, preferred: ["hospital", " ", "infirmary"], forbidden: ["nosocomium"] }).preferred).toEqual([
      "hospital",
      "infirmary",
    ]);
  });

  it("lets a do-not-translate term go without a preferred rendering, but no other term", () => {
    expect(glossaryTermCommand.parse({ ...base, term: "دوما", preferred: "", doNotTranslate: "on" }).doNotTranslate).toBe(true);
    const r = glossaryTermCommand.safeParse({ ...base, preferred: [] });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["preferred", "error.preferred_required"]]);
  });

  it("answers with i18n keys", () => {
    const r = glossaryTermCommand.safeParse({
      sourceLang: "xx",
      targetLang: "en",
      term: "",
      preferred: ["x".repeat(201)],
      forbidden: Array.from({ length: 11 }, (_, i) => `f${i}`),
      note: "n".repeat(1001),
    });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["sourceLang", "error.lang_invalid"],
      ["term", "error.term_required"],
      ["preferred.0", "error.rendering_too_long"],
      ["forbidden", "error.renderings_too_many"],
      ["note", "error.note_too_long"],
    ]);
    const long = glossaryTermCommand.safeParse({ ...base, term: "م".repeat(201) });
    expect(long.success ? null : long.error.issues[0]?.message).toBe("error.term_too_long");
  });

  it("refuses a pair with one language and a rendering both preferred and forbidden", () => {
    const r = glossaryTermCommand.safeParse({ ...base, targetLang: "ar", preferred: ["Hospital"], forbidden: ["hospital"] });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["targetLang", "error.glossary_same_language"],
      ["forbidden", "error.rendering_conflict"],
    ]);
  });
});

describe("glossaryPermissions", () => {
  it("lets reviewers, editors and admins edit; not translators, readers or anonymous visitors", () => {
    const as = (role: "reader" | "translator" | "reviewer" | "editor" | "admin") => glossaryPermissions.edit({ id: "u", handle: "h", role, locale: null });
    expect([as("reader"), as("translator"), as("reviewer"), as("editor"), as("admin"), glossaryPermissions.edit(null)]).toEqual([
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe("stored lists and order", () => {
  it("reads only arrays of strings", () => {
    expect(parseStringList('["a","b"]')).toEqual(["a", "b"]);
    expect(parseStringList("{")).toEqual([]);
    expect(parseStringList('{"a":1}')).toEqual([]);
  });

  it("sorts by the source language's collation (ё with е, case ignored), not by code point", () => {
    const t = (term: string): GlossaryTerm => ({
      id: term,
      sourceLang: "ru",
      targetLang: "en",
      term,
      preferred: [],
      forbidden: [],
      doNotTranslate: true,
      note: "",
      updatedAt: "",
    });
    expect(sortTerms([t("ёж"), t("Яблоко"), t("арка"), t("елка")], "ru").map((x) => x.term)).toEqual(["арка", "ёж", "елка", "Яблоко"]);
  });
});
