import { describe, expect, it } from "vitest";
import { renderCommentMarkdown } from "./comment.markdown";
import {
  canEditComment,
  countLinks,
  detectLang,
  findPersonalData,
  holdReasons,
  isTrusted,
  matchesWordList,
  normaliseForDuplicates,
  parseWordList,
} from "./comment.model";

describe("language detection", () => {
  it("tells scripts and a few Latin-script languages apart", () => {
    expect(detectLang("شكراً لكم على هذا البيان")).toBe("ar");
    expect(detectLang("سوپاس بۆ ئەم ڕاگەیاندنە")).toBe("ckb");
    expect(detectLang("این بیانیه را خواندم و پیگیری کردم")).toBe("fa");
    expect(detectLang("Спасибо за перевод заявления")).toBe("ru");
    expect(detectLang("Thank you for this statement")).toBe("en");
    expect(detectLang("Merci pour ce communiqué très clair")).toBe("fr");
    expect(detectLang("Danke für die Übersetzung, sehr schön")).toBe("de");
    expect(detectLang("Gracias, señora, por la información")).toBe("es");
    expect(detectLang("Teşekkürler, bu açıklama için sağ olun")).toBe("tr");
    expect(detectLang("ܫܠܡܐ ܥܠܘܟܘܢ")).toBe("syc");
  });

  it("uses the majority script and falls back when there are no letters", () => {
    expect(detectLang("Привет! see https://example.org здравствуйте друзья")).toBe("ru");
    expect(detectLang("12345 !!!", "ar")).toBe("ar");
    expect(detectLang("", "ru")).toBe("ru");
  });
});

describe("doxxing guard", () => {
  it("finds phone numbers in Latin and Arabic-Indic digits, coordinates and emails", () => {
    expect(findPersonalData("call him on +963 944 123 456")).toEqual(["phone"]);
    expect(findPersonalData("رقمه ٠٩٤٤١٢٣٤٥٦")).toEqual(["phone"]);
    expect(findPersonalData("he lives at 33.5138, 36.2765")).toEqual(["coordinates"]);
    expect(findPersonalData("33°30′N 36°17′E")).toEqual(["coordinates"]);
    expect(findPersonalData("write to ahmad.k@example.org")).toEqual(["email"]);
  });

  it("leaves dates, years, counts and short numbers alone", () => {
    expect(findPersonalData("On 12/03/2024 at 14:30, 3 trucks and 120 families")).toEqual([]);
    expect(findPersonalData("В 2023 году погибли 45 человек")).toEqual([]);
    expect(findPersonalData("٣ شاحنات وصلت يوم ١٢")).toEqual([]);
  });

  it("sees phone numbers and coordinates written in full-width, Arabic-Indic and Persian digits", () => {
    expect(findPersonalData("call ０９４４ １２３ ４５６")).toEqual(["phone"]);
    expect(findPersonalData("＋９６３９４４１２３４５６")).toEqual(["phone"]);
    expect(findPersonalData("رقمه ۰۹۴۴۱۲۳۴۵۶")).toEqual(["phone"]);
    expect(findPersonalData("he lives at ３３．５１３８, ３６．２７６５")).toEqual(["coordinates"]);
    expect(findPersonalData("يسكن عند ٣٦٫٢٠٢١، ٣٧٫١٣٤٣")).toEqual(["coordinates"]);
    expect(findPersonalData("write to ａｈｍａｄ＠ｅｘａｍｐｌｅ．ｏｒｇ")).toEqual(["email"]);
    // The stored text is not changed by the check.
    const body = "call ０９４４ １２３ ４５６";
    findPersonalData(body);
    expect(body).toBe("call ０９４４ １２３ ４５６");
  });

  it("sees coordinates with decimal commas and with a hemisphere letter", () => {
    expect(findPersonalData("he is at 36,2021, 37,1343")).toEqual(["coordinates"]);
    expect(findPersonalData("он живёт на 36,2021 37,1343")).toEqual(["coordinates"]);
    expect(findPersonalData("position 36,2021 N")).toEqual(["coordinates"]);
    expect(findPersonalData("position 36.2021N 37.1343E")).toEqual(["coordinates"]);
    expect(findPersonalData("точка 36,2021° с. ш.")).toEqual(["coordinates"]);
  });

  it("does not take years, casualty counts, dates or thousands for personal data", () => {
    for (const text of [
      "12 killed and 40 wounded in 2026",
      "On 12.03.2024 the shelling started",
      "Since 2024-03-12 no aid arrived",
      "Between 2011-2024 the town changed hands",
      "1,500, 2,000 and 3,000 families were displaced",
      "12,000 displaced, 1,234,567 in need",
      "٢٠٢٦: ١٢ قتيلاً و١٬٥٠٠ نازح",
      "２０２６年 １２ killed",
      "the 36,5 km road; 12,5 N of force",
    ]) {
      expect(findPersonalData(text), text).toEqual([]);
    }
  });
});

describe("anti-abuse rules", () => {
  it("counts Markdown links and bare addresses", () => {
    expect(countLinks("see [a](https://a.example) and https://b.example and www.c.example")).toBe(3);
    expect(countLinks("no links here")).toBe(0);
  });

  it("normalises text so trivial changes do not escape duplicate detection", () => {
    expect(normaliseForDuplicates("BUY cheap  pills!!!")).toBe(normaliseForDuplicates("buy cheap pills"));
    expect(normaliseForDuplicates("مُسْتَشْفَى ٣")).toBe("مستشفى 3");
  });

  it("matches whole words and phrases of a word list, ignoring notes and case", () => {
    const words = parseWordList("# notes are ignored\nBadword\n\nvery bad phrase\n");
    expect(words).toEqual(["badword", "very bad phrase"]);
    expect(matchesWordList("this has a BADWORD in it", words)).toBe(true);
    expect(matchesWordList("a very bad phrase indeed", words)).toBe(true);
    expect(matchesWordList("badwords are different", words)).toBe(false);
    expect(matchesWordList("anything", [])).toBe(false);
  });

  it("holds comments for each reason that applies", () => {
    const base = { body: "fine text", trusted: true, mode: "open" as const, exemptFromPremoderation: false, duplicateByOthers: false, words: [] };
    expect(holdReasons(base)).toEqual([]);
    expect(holdReasons({ ...base, trusted: false })).toEqual(["new_account"]);
    expect(holdReasons({ ...base, mode: "premoderated" })).toEqual(["premoderated"]);
    expect(holdReasons({ ...base, mode: "premoderated", exemptFromPremoderation: true })).toEqual([]);
    expect(holdReasons({ ...base, duplicateByOthers: true })).toEqual(["duplicate"]);
    expect(holdReasons({ ...base, words: ["fine"] })).toEqual(["wordlist"]);
    expect(holdReasons({ ...base, body: "his number is 0944 123 456" })).toEqual(["doxxing"]);
  });

  it("trusts translators and above, and readers past the threshold without warnings", () => {
    expect(isTrusted({ role: "translator", publishedComments: 0, warnings: 3 }, 3)).toBe(true);
    expect(isTrusted({ role: "reader", publishedComments: 2, warnings: 0 }, 3)).toBe(false);
    expect(isTrusted({ role: "reader", publishedComments: 3, warnings: 0 }, 3)).toBe(true);
    expect(isTrusted({ role: "reader", publishedComments: 30, warnings: 1 }, 3)).toBe(false);
    expect(isTrusted({ role: "reader", publishedComments: 0, warnings: 0 }, 0)).toBe(true);
  });

  it("lets authors edit their own visible comments within 15 minutes only", () => {
    const c = { authorId: "u1", status: "published", createdAt: "2026-01-01T10:00:00.000Z" };
    expect(canEditComment(c, "u1", new Date("2026-01-01T10:14:59.000Z"))).toBe(true);
    expect(canEditComment(c, "u1", new Date("2026-01-01T10:15:01.000Z"))).toBe(false);
    expect(canEditComment(c, "u2", new Date("2026-01-01T10:01:00.000Z"))).toBe(false);
    expect(canEditComment({ ...c, status: "hidden" }, "u1", new Date("2026-01-01T10:01:00.000Z"))).toBe(false);
  });
});

describe("comment Markdown", () => {
  it("keeps the subset, marks links nofollow ugc noopener and drops images and raw HTML", () => {
    const html = renderCommentMarkdown("**bold** [site](https://example.org) ![img](https://example.org/x.png) <script>alert(1)</script>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('<a href="https://example.org" rel="nofollow ugc noopener">site</a>');
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;");
  });

  it("refuses javascript: and data: links and links bare addresses safely", () => {
    const html = renderCommentMarkdown('[x](javascript:alert(1)) [y](data:text/html,<b>) "><img src=x onerror=alert(1)> https://example.org/a');
    expect(html).not.toMatch(/href="(javascript|data):/);
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="https://example.org/a" rel="nofollow ugc noopener">');
  });
});
