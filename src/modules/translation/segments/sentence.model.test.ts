import { describe, expect, it } from "vitest";
import { sentenceBoundaries } from "./sentence.model";

const split = (text: string, lang: string) => {
  const cuts = [0, ...sentenceBoundaries(text, lang), text.length];
  return cuts.slice(1).map((end, i) => text.slice(cuts[i], end).trim());
};

describe("sentence boundaries", () => {
  it("ends Arabic sentences at ؟ and ؛ but not at ،", () => {
    expect(split("هل وصلت المساعدات؟ لم تصل بعد؛ والأهالي، في انتظارها.", "ar")).toEqual(["هل وصلت المساعدات؟", "لم تصل بعد؛", "والأهالي، في انتظارها."]);
  });

  it("keeps English abbreviations, initials and numbered references inside the sentence", () => {
    expect(split("Dr. Rahman and Mr. Jones met A. Hassan, e.g. at the U.N. Office. They left at No. 5 Main St. Then it rained.", "en")).toEqual([
      "Dr. Rahman and Mr. Jones met A. Hassan, e.g. at the U.N. Office.",
      "They left at No. 5 Main St. Then it rained.",
    ]);
    expect(split("He said no. Then he left.", "en")).toEqual(["He said no.", "Then he left."]);
  });

  it("keeps Russian abbreviations inside the sentence", () => {
    expect(split("В 2024 г. Иванов, т.е. глава совета, переехал на ул. Садовую. Больница закрыта.", "ru")).toEqual([
      "В 2024 г. Иванов, т.е. глава совета, переехал на ул. Садовую.",
      "Больница закрыта.",
    ]);
  });

  it("keeps the Arabic title د. with the name", () => {
    expect(split("قال د. أحمد إن المستشفى مغلق. وصل الجرحى.", "ar")).toEqual(["قال د. أحمد إن المستشفى مغلق.", "وصل الجرحى."]);
  });

  it("falls back to the root locale for an unusable language tag", () => {
    expect(split("One. Two.", "not a tag!")).toEqual(["One.", "Two."]);
  });
});
