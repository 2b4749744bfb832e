import { describe, expect, it } from "vitest";
import { htmlToSegment, segmentToHtml } from "./mt.html";

describe("segmentToHtml", () => {
  it("turns paired and lone placeholders into tags and escapes HTML and braces", () => {
    const { html, placeholders } = segmentToHtml("a < b & {1}c{/1}{2/} {{x}}");
    expect(html).toBe('a &lt; b &amp; <span id="p1">c</span><br id="p2"> {x}');
    expect([...placeholders]).toEqual([
      [1, "paired"],
      [2, "lone"],
    ]);
  });

  it("keeps nesting", () => {
    expect(segmentToHtml("{1}a {2}b{/2}{/1}").html).toBe('<span id="p1">a <span id="p2">b</span></span>');
  });

  it("throws on malformed segment text, which is a bug upstream", () => {
    expect(() => segmentToHtml("{1}a")).toThrow(/never closed/);
    expect(() => segmentToHtml("{1}{2}a{/1}{/2}")).toThrow(/innermost/);
    expect(() => segmentToHtml("a { b")).toThrow(/stray/);
    expect(() => segmentToHtml("{1/}{1/}")).toThrow(/twice/);
  });
});

describe("htmlToSegment", () => {
  const kinds = segmentToHtml("{1}a{/1} b {2/} {3}c{/3}").placeholders;

  it("round-trips segment text", () => {
    const text = "x {{y}} < & > {1}a {2}b{/2}{/1} {3/}";
    const { html, placeholders } = segmentToHtml(text);
    expect(htmlToSegment(html, placeholders)).toEqual({ ok: true, value: text });
  });

  it("accepts reordered placeholders, self-closing br, other attributes and entities", () => {
    const html = '<span class="x" id="p3">C</span> &#x41;&#66;&quot;&nbsp;{ <br id="p2"/> <span id=\'p1\'>A</span><b>!</b>';
    expect(htmlToSegment(html, kinds)).toEqual({ ok: true, value: '{3}C{/3} AB"\u00a0{{ {2/} {1}A{/1}!' });
  });

  it("ignores spans without a placeholder id", () => {
    expect(htmlToSegment('<span id="p1"><span>a</span></span><br id="p2"><span id="p3"></span>', kinds)).toEqual({ ok: true, value: "{1}a{/1}{2/}{3}{/3}" });
  });

  it("names the placeholder that went wrong", () => {
    expect(htmlToSegment('<span id="p1">a</span><br id="p2">', kinds)).toEqual({ ok: false, error: "placeholder 3 missing" });
    expect(htmlToSegment('<span id="p1">a</span><span id="p1">a</span>', kinds)).toEqual({ ok: false, error: "placeholder 1 repeated" });
    expect(htmlToSegment('<br id="p9">', kinds)).toEqual({ ok: false, error: "unexpected placeholder 9" });
    expect(htmlToSegment('<br id="p1">', kinds)).toEqual({ ok: false, error: "placeholder 1 changed from paired to lone" });
    expect(htmlToSegment('<span id="p1">a<br id="p2"><span id="p3">c', kinds)).toEqual({ ok: false, error: "placeholder 1, 3 not closed" });
    expect(htmlToSegment("a</span>", kinds)).toEqual({ ok: false, error: "unbalanced closing tag" });
  });
});
