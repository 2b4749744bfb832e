import { describe, expect, it } from "vitest";
import { segmentId, segmentStatement, withSegmentIds } from "./segment.model";

describe("segmentStatement", () => {
  it("splits blocks by Markdown structure and sentences within them", () => {
    const body = [
      "# بيان المجلس المحلي",
      "",
      "قُصف المستشفى صباح اليوم. هل وصلت سيارات الإسعاف؟ لم تصل بعد؛ والطرق مقطوعة.",
      "",
      "## Нужды",
      "",
      "- Топливо для генераторов. Срочно.",
      "- Medicine",
      "",
      "1. أولاً",
      "",
      "> نحن هنا. لن نغادر.",
    ].join("\n");
    const drafts = segmentStatement(body, "ar");
    expect(drafts.map((d) => [d.block, d.blockKind, d.source])).toEqual([
      [0, "heading1", "بيان المجلس المحلي"],
      [1, "paragraph", "قُصف المستشفى صباح اليوم."],
      [1, "paragraph", "هل وصلت سيارات الإسعاف؟"],
      [1, "paragraph", "لم تصل بعد؛"],
      [1, "paragraph", "والطرق مقطوعة."],
      [2, "heading2", "Нужды"],
      [3, "list_item", "Топливо для генераторов."],
      [3, "list_item", "Срочно."],
      [4, "list_item", "Medicine"],
      [5, "ordered_item", "أولاً"],
      [6, "quote", "نحن هنا."],
      [6, "quote", "لن نغادر."],
    ]);
  });

  it("turns a link into a placeholder whose URL lives only in the markup", () => {
    const [draft] = segmentStatement("Read [the full report](https://example.org/report?id=7) today.", "en");
    expect(draft?.source).toBe("Read {1}the full report{/1} today.");
    expect(draft?.source).not.toContain("example.org");
    expect(draft?.markup).toEqual([{ id: 1, kind: "link", href: "https://example.org/report?id=7" }]);
  });

  it("numbers placeholders per segment in order of opening, with hard breaks standalone", () => {
    const drafts = segmentStatement("First *one*. Then **bold *and em*** here  \nnext line.", "en");
    expect(drafts.map((d) => d.source)).toEqual(["First {1}one{/1}.", "Then {1}bold {2}and em{/2}{/1} here{3/}next line."]);
    expect(drafts[1]?.markup).toEqual([
      { id: 1, kind: "strong" },
      { id: 2, kind: "em" },
      { id: 3, kind: "br" },
    ]);
  });

  it("never splits inside emphasis that spans a sentence end", () => {
    const drafts = segmentStatement("قال الشاهد: **قُصف المبنى. ثم احترق.** وبعدها ساد الصمت. انتهى.", "ar");
    expect(drafts.map((d) => d.source)).toEqual(["قال الشاهد: {1}قُصف المبنى. ثم احترق.{/1}", "وبعدها ساد الصمت.", "انتهى."]);
    const english = segmentStatement("She said *it burned. Then it fell* and left.", "en");
    expect(english.map((d) => d.source)).toEqual(["She said {1}it burned. Then it fell{/1} and left."]);
  });

  it("keeps abbreviations whole and escapes literal braces", () => {
    const drafts = segmentStatement("Д-р Петров живёт на ул. Мира, т.е. в центре. Формула {x}.", "ru");
    expect(drafts.map((d) => d.source)).toEqual(["Д-р Петров живёт на ул. Мира, т.е. в центре.", "Формула {{x}}."]);
  });

  it("leaves unsafe links as plain text and drops empty blocks", () => {
    const drafts = segmentStatement("#\n\n[click](javascript:alert(1))\n\n-  \n", "en");
    expect(drafts).toEqual([{ block: 0, blockKind: "paragraph", source: "[click](javascript:alert(1))", markup: [] }]);
  });
});

describe("segment ids", () => {
  it("are the first 24 hex digits of SHA-256 over statement, source and occurrence", () => {
    // printf 'st1\0Hello.\0000' | sha256sum | cut -c1-24
    expect(segmentId("st1", "Hello.", 0)).toBe("565e57fbac3c19d351132bb1");
    expect(segmentId("st1", "Hello.", 0)).not.toBe(segmentId("st1", "Hello.", 1));
    expect(segmentId("st1", "Hello.", 0)).not.toBe(segmentId("st2", "Hello.", 0));
  });

  it("stay stable for unchanged sentences across revisions and change for edited ones", () => {
    const v1 = withSegmentIds("st-1", segmentStatement("المستشفى مغلق. نحتاج وقوداً. المستشفى مغلق.", "ar"));
    const v2 = withSegmentIds("st-1", segmentStatement("# عاجل\n\nالمستشفى مغلق. نحتاج وقوداً وأدوية. المستشفى مغلق.", "ar"));
    expect(v1.map((s) => s.id)).toHaveLength(3);
    expect(v1[0]?.id).not.toBe(v1[2]?.id);
    expect(v2[1]?.id).toBe(v1[0]?.id);
    expect(v2[3]?.id).toBe(v1[2]?.id);
    expect(v2[2]?.id).not.toBe(v1[1]?.id);
  });
});
