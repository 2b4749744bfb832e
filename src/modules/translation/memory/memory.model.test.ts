import { describe, expect, it } from "vitest";
import { levenshtein, normalizeForTm, similarity, similarityAtLeast, toSadaLang, unitHash, wordDiff } from "./memory.model";

function naiveLevenshtein(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const curr = [i];
    for (let j = 1; j <= y.length; j++) {
      curr[j] = Math.min((prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1), (prev[j] ?? 0) + 1, (curr[j - 1] ?? 0) + 1);
    }
    prev = curr;
  }
  return prev[y.length] ?? 0;
}

describe("normalizeForTm", () => {
  it("removes harakat, tatweel and unifies alef forms, ى and ة", () => {
    expect(normalizeForTm("قَصْفُ المُسْتَشْفَى الوطنيّة", "ar")).toBe(normalizeForTm("قصف المستشفي الوطنيه", "ar"));
    expect(normalizeForTm("إعلان أهالي آمنة ٱلقرية", "ar")).toBe("اعلان اهالي امنه القريه");
    expect(normalizeForTm("جمـــيل", "ar")).toBe("جميل");
  });

  it("turns Arabic-Indic and Extended digits into Latin digits", () => {
    expect(normalizeForTm("استشهد ١٢ مدنياً و۳۴ جريحاً", "ar")).toBe("استشهد 12 مدنيا و34 جريحا");
  });

  it("drops placeholders, case, quotes and extra whitespace but keeps sentence punctuation", () => {
    expect(normalizeForTm("  The {1}Water{/1}  station{2/} is “broken”?  ", "en")).toBe("the water station is broken?");
    expect(normalizeForTm("هل وصلت المساعدات؟ نعم، وصلت", "ar")).toBe("هل وصلت المساعدات? نعم, وصلت");
    expect(normalizeForTm("Ёлка", "ru")).toBe("елка");
  });

  it("composes Unicode (NFC) and removes invisible direction marks", () => {
    expect(normalizeForTm("cafe\u0301\u200f", "fr")).toBe("café");
  });
});

describe("levenshtein and similarity", () => {
  it("agrees with the textbook algorithm, including within a bound", () => {
    const words = ["", "a", "ab", "abc", "kitten", "sitting", "قصف المستشفى", "قصف المستشفيات", "flaw", "lawn", "😀ab", "a😀b"];
    for (const a of words) {
      for (const b of words) {
        const d = naiveLevenshtein(a, b);
        expect(levenshtein(a, b), `${a}|${b}`).toBe(d);
        for (const max of [0, 1, 2, 3]) {
          expect(levenshtein(a, b, max), `${a}|${b}|${max}`).toBe(d <= max ? d : max + 1);
        }
      }
    }
  });

  it("scores 100 only for identical text and rounds down", () => {
    expect(similarity("abc", "abc")).toBe(100);
    expect(similarity("", "")).toBe(100);
    expect(similarity("abcdefghij", "abcdefghix")).toBe(90);
    expect(similarity("abc", "abd")).toBe(66);
    expect(similarity("abc", "xyz")).toBe(0);
  });

  it("similarityAtLeast matches similarity above the threshold and is null below", () => {
    const pairs: Array<[string, string]> = [
      ["the water pumping station was repaired", "the water pumping station is repaired"],
      ["the water pumping station was repaired", "a mobile clinic opened"],
      ["abc", "abd"],
    ];
    for (const [a, b] of pairs) {
      for (const min of [0, 50, 66, 67, 90, 100]) {
        const s = similarity(a, b);
        expect(similarityAtLeast(a, b, min)).toBe(s >= min ? s : null);
      }
    }
  });
});

describe("wordDiff", () => {
  it("marks the words that differ", () => {
    const parts = wordDiff("The station was broken.", "The station was repaired.");
    expect(parts.filter((p) => p.change === "removed").map((p) => p.text.trim())).toEqual(["broken"]);
    expect(parts.filter((p) => p.change === "added").map((p) => p.text.trim())).toEqual(["repaired"]);
    expect(
      parts
        .filter((p) => p.change === "same")
        .map((p) => p.text)
        .join(""),
    ).toContain("The station was");
  });

  it("works on Arabic words", () => {
    const parts = wordDiff("قصف المستشفى في حلب", "قصف المستشفى في إدلب");
    expect(parts.find((p) => p.change === "removed")?.text.trim()).toBe("حلب");
    expect(parts.find((p) => p.change === "added")?.text.trim()).toBe("إدلب");
  });
});

describe("unitHash and toSadaLang", () => {
  it("identifies a unit by pair and texts only", () => {
    const a = unitHash({ sourceLang: "ar", targetLang: "en", source: "ab", target: "c" });
    expect(unitHash({ sourceLang: "ar", targetLang: "en", source: "ab", target: "c" })).toBe(a);
    expect(unitHash({ sourceLang: "ar", targetLang: "en", source: "a", target: "bc" })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it("maps tags from other tools to Sada codes", () => {
    expect(["ar", "ar-SY", "AR_sy", "ara", "en-US", "EN", "ru-RU", "ku-Arab", "ku-Latn", "ckb-IQ", "fr-CA"].map(toSadaLang)).toEqual([
      "ar",
      "ar",
      "ar",
      "ar",
      "en",
      "en",
      "ru",
      "ckb",
      "kmr",
      "ckb",
      "fr",
    ]);
  });
});
