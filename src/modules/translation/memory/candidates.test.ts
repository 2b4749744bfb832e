import { describe, expect, it } from "vitest";
import { selectiveGroups, trigramsOf, wordTerms } from "./candidates.queries";

describe("trigram selection for large memories", () => {
  it("lists distinct trigrams by code point", () => {
    expect(trigramsOf("abab")).toEqual(["aba", "bab"]);
    expect(trigramsOf("ab")).toEqual([]);
    expect(trigramsOf("قصف م")).toEqual(["قصف", "صف ", "ف م"]);
  });

  it("takes each word's rarest trigram, with spaces only where the text has them", () => {
    const df = new Map([
      ["ab ", 10],
      ["abc", 5],
      [" xy", 7],
      ["xy ", 3],
      [" zz", 0],
    ]);
    const terms = wordTerms("abc xy zz", (t) => df.get(t) ?? 100);
    // "zz" has one trigram, " zz", which the index does not have (df 0): it cannot find anything.
    expect(terms).toEqual([
      { term: "abc", df: 5, position: 0 },
      { term: "xy ", df: 3, position: 1 },
    ]);
  });

  it("searches rare words alone and pairs common words that are not neighbours", () => {
    const words = [
      { term: "w0a", df: 500_000, position: 0 },
      { term: "w1a", df: 400_000, position: 1 },
      { term: "w2a", df: 300_000, position: 2 },
      { term: "w3a", df: 200, position: 3 },
      { term: "w4a", df: 100_000, position: 4 },
    ];
    const groups = selectiveGroups(words, 1_000_000);
    expect(groups[0]).toBe('"w3a"');
    expect(groups.slice(1).every((g) => g.startsWith("(") && g.includes(" AND "))).toBe(true);
    // Neighbours are never paired: their words tend to come together.
    expect(groups.some((g) => g.includes("w4a") && g.includes("w3a"))).toBe(false);
    // No word is used in more than two groups.
    for (const w of words) {
      expect(groups.filter((g) => g.includes(w.term)).length).toBeLessThanOrEqual(2);
    }
  });
});
