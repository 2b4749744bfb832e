import { describe, expect, it } from "vitest";
import { escapeBraces, firstNestingError, parsePlaceholders, placeholderIds, segmentPlainText, splitSegmentText } from "./placeholder.model";

describe("segment text placeholders", () => {
  it("parses paired and standalone placeholders with their positions", () => {
    const r = parsePlaceholders("قال {1}المدير{/1}:{2/}نعم");
    expect(r).toEqual({
      ok: true,
      value: [
        { type: "open", id: 1, index: 4 },
        { type: "close", id: 1, index: 13 },
        { type: "single", id: 2, index: 18 },
      ],
    });
  });

  it("treats doubled braces as literal text", () => {
    expect(parsePlaceholders("{{1}} and {{{1}x{/1}}}")).toEqual({
      ok: true,
      value: [
        { type: "open", id: 1, index: 12 },
        { type: "close", id: 1, index: 16 },
      ],
    });
    expect(segmentPlainText("{{1}} and {{{1}x{/1}}}")).toBe("{1} and {x}");
  });

  it("reports where a damaged placeholder starts", () => {
    expect(parsePlaceholders("ok {1 broken")).toEqual({ ok: false, error: { type: "malformed", at: 3 } });
    expect(parsePlaceholders("ok } lone")).toEqual({ ok: false, error: { type: "malformed", at: 3 } });
    expect(parsePlaceholders("{0}zero{/0}")).toEqual({ ok: false, error: { type: "malformed", at: 0 } });
    expect(parsePlaceholders("{/1/}")).toEqual({ ok: false, error: { type: "malformed", at: 0 } });
  });

  it("lists distinct ids in order of first appearance", () => {
    expect(placeholderIds("{2}b{/2} {1}a{/1} {3/}")).toEqual([2, 1, 3]);
  });

  it("keeps stray braces as text when splitting, so rendering never fails", () => {
    expect(splitSegmentText("a { b {1}c{/1}")).toEqual([
      { type: "text", text: "a { b " },
      { type: "open", id: 1, index: 6, raw: "{1}" },
      { type: "text", text: "c" },
      { type: "close", id: 1, index: 10, raw: "{/1}" },
    ]);
  });

  it("escapes braces", () => {
    expect(escapeBraces("f(x) = {y}")).toBe("f(x) = {{y}}");
  });

  it("accepts reordered siblings but not crossed, unclosed or duplicated pairs", () => {
    const nesting = (text: string) => {
      const r = parsePlaceholders(text);
      return r.ok ? firstNestingError(r.value) : "malformed";
    };
    expect(nesting("{2}سيارة{/2} {1}حمراء{/1}")).toBeNull();
    expect(nesting("{1}a{2}b{/2}{/1}")).toBeNull();
    expect(nesting("{1}a{2}b{/1}c{/2}")).toBe(8);
    expect(nesting("{/1}a{1}")).toBe(0);
    expect(nesting("{1}a")).toBe(0);
    expect(nesting("{1}a{/1}{1}b{/1}")).toBe(8);
  });
});
