import { describe, expect, it } from "vitest";
import { normalizeArabicLetters, normalizeForIndex, searchTokens, stripArabicClitics } from "./normalize";

describe("Arabic normalisation", () => {
  it("strips harakat and tatweel and unifies letter forms", () => {
    expect(normalizeArabicLetters("المُسْتَشْفَى")).toBe("المستشفي");
    expect(normalizeArabicLetters("مـــدرسة")).toBe("مدرسه");
    expect(normalizeArabicLetters("أإآٱ")).toBe("اااا");
    expect(normalizeArabicLetters("مسؤول")).toBe("مسوول");
    expect(normalizeArabicLetters("رئيس")).toBe("رييس");
  });

  it("strips the clitics و ف ب ك ل ال but keeps short words whole", () => {
    expect(stripArabicClitics("المستشفي")).toBe("مستشفي");
    expect(stripArabicClitics("والمستشفي")).toBe("مستشفي");
    expect(stripArabicClitics("بالمستشفي")).toBe("مستشفي");
    expect(stripArabicClitics("للمدرسه")).toBe("مدرسه");
    expect(stripArabicClitics("لمدرسه")).toBe("مدرسه");
    expect(stripArabicClitics("بيت")).toBe("بيت");
  });

  it("makes مستشفى and المُسْتَشْفَى the same token", () => {
    expect(searchTokens("مستشفى")).toEqual(searchTokens("المُسْتَشْفَى"));
  });

  it("turns Arabic-Indic and Persian digits into Latin digits", () => {
    expect(normalizeForIndex("قصف ١٢ منزلاً في ۲۰۲۴")).toContain("12");
    expect(normalizeForIndex("۲۰۲۴")).toBe("2024");
  });
});

describe("Russian and English stemming", () => {
  it("stems Russian case forms to one token", () => {
    expect(searchTokens("больница")).toEqual(searchTokens("больницы"));
    expect(searchTokens("больницу")).toEqual(searchTokens("больницей"));
  });

  it("stems English plurals and lower-cases", () => {
    expect(searchTokens("Hospitals")).toEqual(searchTokens("hospital"));
  });

  it("splits mixed-script text into tokens and drops punctuation", () => {
    expect(searchTokens("Sada: صدى — эхо!")).toEqual(["sada", "صدي", "эх"]);
  });
});
