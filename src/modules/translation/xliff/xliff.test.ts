import { describe, expect, it } from "vitest";
import { describeXliffError, escapeSegmentText, exportXliff, parseXliff, tokenizeSegmentText, type XliffExportDoc, type XliffImport } from "./index";

const markup = [
  { id: 1, kind: "em" as const },
  { id: 2, kind: "strong" as const },
  { id: 3, kind: "link" as const, href: "https://example.org/?a=1&b=2" },
  { id: 4, kind: "br" as const },
];

function doc(targets: Array<string | null>): XliffExportDoc {
  return {
    statementId: "stmt7",
    revision: 3,
    title: "بيان <عاجل> & مهم",
    sourceLang: "ar",
    targetLang: "en",
    segments: [
      {
        id: "seg1",
        source: "نحن {1}نطالب{/1} بـ{2}وقف{/2} القصف، {3}اقرأ{/3}{4/}التقرير",
        markup,
        target: targets[0] ?? null,
        state: "translated",
        notes: ["القصف → shelling"],
      },
      { id: "seg2", source: "الرمز {{x}} و < و &", markup: [], target: targets[1] ?? null, state: "reviewed" },
      { id: "seg3", source: "سطر", markup: [], target: targets[2] ?? null, state: "final" },
    ],
  };
}

function parsed(input: string | Buffer): XliffImport {
  const r = parseXliff(input);
  if (!r.ok) {
    throw new Error(describeXliffError(r.error));
  }
  return r.value;
}

function errorOf(input: string | Buffer): { type: string; message: string } {
  const r = parseXliff(input);
  if (r.ok) {
    throw new Error("expected an error");
  }
  return { type: r.error.type, message: describeXliffError(r.error) };
}

describe("segment text tokens", () => {
  it("reads placeholders and doubled braces, keeping stray braces as text", () => {
    expect(tokenizeSegmentText("a {{1}} {1}b{/1}{2/} } {x")).toEqual([
      { type: "text", text: "a {1} " },
      { type: "open", id: 1 },
      { type: "text", text: "b" },
      { type: "close", id: 1 },
      { type: "standalone", id: 2 },
      { type: "text", text: " } {x" },
    ]);
    expect(escapeSegmentText("{a}")).toBe("{{a}}");
  });
});

describe("exportXliff", () => {
  const targets = ["We {1}demand{/1} an end to the {2}shelling{/2}, {3}read{/3}{4/}the report", "The {{x}} code, < and & and ]]>", null];
  const xml = exportXliff(doc(targets));

  it("writes an XLIFF 2.1 document for one statement revision", () => {
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar" trgLang="en">/,
    );
    expect(xml).toContain(`<file id="statement-stmt7" original="sada:statement/stmt7/revision/3">`);
    expect(xml).toContain(`<note category="title">بيان &lt;عاجل&gt; &amp; مهم</note>`);
    expect(xml).toContain(`<unit id="seg1">`);
    expect(xml).toContain(`<note category="glossary">القصف → shelling</note>`);
    expect(xml).toContain(`<segment id="seg1" state="translated">`);
    expect(xml).not.toContain("DOCTYPE");
  });

  it("maps placeholders to inline codes, with the href in originalData", () => {
    expect(xml).toContain(`<pc id="1" type="fmt" subType="xlf:i" dataRefStart="d1" dataRefEnd="d1e">نطالب</pc>`);
    expect(xml).toContain(`<pc id="2" type="fmt" subType="xlf:b" dataRefStart="d2" dataRefEnd="d2e">وقف</pc>`);
    expect(xml).toContain(`<pc id="3" type="link" dataRefStart="d3" dataRefEnd="d3e">اقرأ</pc>`);
    expect(xml).toContain(`<ph id="4" type="fmt" subType="xlf:lb" dataRef="d4"/>`);
    expect(xml).toContain(`<data id="d3">&lt;a href="https://example.org/?a=1&amp;amp;b=2"&gt;</data>`);
    expect(xml).toContain(`<source xml:space="preserve">الرمز {x} و &lt; و &amp;</source>`);
  });

  it("writes no target and state initial for an untranslated segment", () => {
    expect(xml).toContain(`<segment id="seg3" state="initial">\n        <source xml:space="preserve">سطر</source>\n      </segment>`);
  });

  it("round-trips targets exactly, including literal braces, < and &", () => {
    const back = parsed(xml);
    expect(back.srcLang).toBe("ar");
    expect(back.trgLang).toBe("en");
    expect(back.statementId).toBe("stmt7");
    expect(back.revision).toBe(3);
    expect(back.units).toEqual([
      { segmentId: "seg1", target: targets[0], state: "translated" },
      { segmentId: "seg2", target: targets[1], state: "reviewed" },
      { segmentId: "seg3", target: null, state: "initial" },
    ]);
  });

  it("round-trips unbalanced codes (as sc/ec), control characters and carriage returns", () => {
    const odd = ["{2}crossed {1}codes{/2} here{/1} and {3}open", "bell\u0007 and\r\nCRLF  double  spaces"];
    const out = exportXliff(doc(odd));
    expect(out).toContain(`<sc id="2" type="fmt" subType="xlf:b" dataRef="d2"/>crossed`);
    expect(out).toContain(`<sc id="3" isolated="yes" type="link" dataRef="d3"/>open`);
    expect(out).toContain(`<cp hex="0007"/>`);
    expect(parsed(out).units.map((u) => u.target)).toEqual([...odd, null]);
  });
});

/** The export as it comes back from another CAT tool: see the steps in the test below. */
function editedElsewhere(exported: string): string {
  const seg1Target = `<target>
\t\t\t\t\t<pc dataRefEnd="d3e" dataRefStart="d3" type="link" id="3">Read</pc> the report:<ph type="fmt" id="4" subType="xlf:lb" dataRef="d4"/>we
\t\t\t\t\t<mrk id="m1" type="term" value="demand">demand</mrk> <pc id="1" type="fmt" subType="xlf:i">an end</pc> to the <pc subType="xlf:b" id="2" type="fmt"><mrk id="m2" translate="no">shelling</mrk></pc>&#160;{now}
\t\t\t\t</target>`;
  const seg2 = `<segment state="translated" id="seg2a"><source xml:space="preserve">الرمز {x}</source><target xml:space="preserve">The <![CDATA[{x} <code>]]></target></segment><ignorable><source> </source></ignorable><segment id="seg2b"><source>و &lt; و &amp;</source><target order="3">&lt; &amp;&#x26;</target></segment>`;
  return exported
    .replace(/ {2}/g, "\t")
    .replace(/\n/g, "\r\n")
    .replace(
      `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar" trgLang="en">`,
      `<xliff version="2.0" trgLang="en" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" srcLang="ar" xmlns="urn:oasis:names:tc:xliff:document:2.0">`,
    )
    .replace(`<segment id="seg1" state="initial">`, `<segment state="reviewed" id="seg1">`)
    .replace(/(<unit id="seg1">)/, `$1<mda:metadata><mda:metaGroup><mda:meta type="tool">OtherCAT</mda:meta></mda:metaGroup></mda:metadata>`)
    .replace(`<note category="glossary">`, `<note priority="1" category="comment">Checked against the glossary.</note>\r\n\t\t\t\t<note category="glossary">`)
    .replace(/(<segment state="reviewed" id="seg1">[\s\S]*?<\/source>)/, `$1\r\n\t\t\t\t${seg1Target}`)
    .replace(/<segment id="seg2" state="initial">[\s\S]*?<\/segment>/, seg2);
}

describe("parseXliff on files from other tools", () => {
  it("reads re-indented, reordered, annotated and re-translated targets", () => {
    const input = editedElsewhere(exportXliff(doc([null, null, null])));
    expect(input).toContain("<mrk");
    const back = parsed(input);
    expect(back.statementId).toBe("stmt7");
    expect(back.units).toEqual([
      { segmentId: "seg1", target: "{3}Read{/3} the report:{4/}we demand {1}an end{/1} to the {2}shelling{/2}\u00a0{{now}}", state: "reviewed" },
      { segmentId: "seg2", target: "The {{x}} <code> < &&", state: "initial" },
      { segmentId: "seg3", target: null, state: "initial" },
    ]);
  });

  it("reads sc/ec pairs, markers, groups and prefixed XLIFF elements", () => {
    const input = `<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar" trgLang="en-GB"><x:file id="f1"><x:group id="g"><x:unit id="u1"><x:segment>
      <x:source>a</x:source><x:target xml:space="preserve"><x:sc id="1"/>Hello<x:sm id="m" type="comment"/> <x:ec startRef="1"/>world<x:ph id="2"/><x:em startRef="m"/><x:ec id="5" isolated="yes"/></x:target>
    </x:segment></x:unit></x:group></x:file></x:xliff>`;
    const back = parsed(input);
    expect(back.trgLang).toBe("en-GB");
    expect(back.statementId).toBeNull();
    expect(back.revision).toBeNull();
    expect(back.units).toEqual([{ segmentId: "u1", target: "{1}Hello {/1}world{2/}{/5}", state: null }]);
  });

  it("joins split segments in target order", () => {
    const input = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar" trgLang="en"><file id="f"><unit id="u">
      <segment id="s1"><source>A.</source><target order="3">Second.</target></segment><ignorable><source> </source></ignorable>
      <segment id="s2"><source>B.</source><target order="1">First.</target></segment></unit></file></xliff>`;
    expect(parsed(input).units).toEqual([{ segmentId: "u", target: "First. Second.", state: null }]);
  });

  it("gives a null target when a unit has no target, or only some of its segments do", () => {
    const input = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="en"><file id="f">
      <unit id="a"><segment><source>x</source></segment></unit>
      <unit id="b"><segment state="translated"><source>x</source><target>X</target></segment><segment><source>y</source></segment></unit>
    </file></xliff>`;
    expect(parsed(input).units).toEqual([
      { segmentId: "a", target: null, state: null },
      { segmentId: "b", target: null, state: "initial" },
    ]);
  });

  it("rejects inline elements it cannot map, naming the unit", () => {
    const wrap = (target: string): string =>
      `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar" trgLang="en"><file id="f"><unit id="u9"><segment><source>x</source><target>${target}</target></segment></unit></file></xliff>`;
    const unknown = errorOf(wrap(`a <b>bold</b>`));
    expect(unknown.type).toBe("bad-inline");
    expect(unknown.message).toContain("Unit u9");
    expect(unknown.message).toContain("<b>");
    expect(errorOf(wrap(`a <ph id="tool-1"/>`)).message).toContain("Unit u9: the inline code <ph> has a missing or non-numeric id");
    expect(errorOf(wrap(`a &nbsp; b`)).message).toContain("the entity &nbsp; is not defined");
    expect(errorOf(wrap(`a &constructor; b`)).message).toContain("the entity &constructor; is not defined");
  });
});

describe("parseXliff on hostile or wrong input", () => {
  it("rejects external entities (XXE)", () => {
    const e = errorOf(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xliff>&xxe;</xliff>`);
    expect(e.type).toBe("xml");
    expect(e.message).toContain("DOCTYPE or entity declaration");
  });

  it("rejects entity expansion bombs (billion laughs)", () => {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join("");
    const e = errorOf(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${lol}]><lolz>&lol9;</lolz>`);
    expect(e.type).toBe("xml");
    expect(e.message).toContain("DOCTYPE or entity declaration");
  });

  it("rejects files over the size limit before parsing", () => {
    const huge = `<xliff>${"a".repeat(101 * 1024 * 1024)}</xliff>`;
    const e = errorOf(huge);
    expect(e.type).toBe("xml");
    expect(e.message).toMatch(/^The file is too large \(105906191 bytes; the limit is 52428800\)\.$/);
    expect(errorOf(Buffer.alloc(51 * 1024 * 1024, 0x20)).message).toContain("too large");
  });

  it("rejects malformed XML with its line", () => {
    const e = errorOf(
      `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar" trgLang="en">\n<file id="f">\n<unit id="u"></file></xliff>`,
    );
    expect(e.type).toBe("xml");
    expect(e.message).toMatch(/^The file is not well-formed XML \(line 3\)/);
  });

  it("rejects XLIFF 1.2 with a message that only 2.x is supported", () => {
    const e = errorOf(
      `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="ar" target-language="en" datatype="plaintext" original="x"><body><trans-unit id="1"><source>a</source><target>b</target></trans-unit></body></file></xliff>`,
    );
    expect(e.type).toBe("not-xliff");
    expect(e.message).toBe("This is an XLIFF 1.2 file. Only XLIFF 2.x (2.0 or 2.1) is supported: export the file from your tool as XLIFF 2.");
  });

  it("rejects other XML documents and missing languages", () => {
    expect(errorOf(`<tmx version="1.4"><body/></tmx>`).message).toBe("The file is XML but not XLIFF: its root element is <tmx>, not <xliff>.");
    const e = errorOf(`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar"><file id="f"/></xliff>`);
    expect(e.type).toBe("languages");
    expect(e.message).toContain("trgLang");
  });
});
