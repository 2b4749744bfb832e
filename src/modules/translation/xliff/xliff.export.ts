import { XLIFF2_NS, type XliffExportDoc, type XliffExportSegment } from "./xliff.model";
import { tokenizeSegmentText, type Markup, type TextToken } from "./segment-text.model";

/**
 * Writes one statement revision for one target language as an XLIFF 2.1 document, so
 * translators can work in the CAT tool they already know and send the file back.
 *
 * Mapping (documented in CONTEXT.md): paired placeholders become `<pc>` (or `<sc>`/`<ec>`
 * when a translator left them unbalanced or crossed), standalone ones `<ph>`. What each code
 * stands for, including a link's href, is carried the standard way: `dataRefStart`/`dataRef`
 * pointing at `<data>` in the unit's `<originalData>`, which every conformant tool preserves.
 */
export function exportXliff(doc: XliffExportDoc): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<xliff xmlns="${XLIFF2_NS}" version="2.1" srcLang="${attr(doc.sourceLang)}" trgLang="${attr(doc.targetLang)}">`,
    `  <file id="statement-${attr(doc.statementId)}" original="sada:statement/${attr(doc.statementId)}/revision/${doc.revision}${doc.exportedAt ? `/exported/${Date.parse(doc.exportedAt)}` : ""}">`,
  ];
  if (doc.title !== undefined && doc.title !== "") {
    out.push(`    <notes>`, `      <note category="title">${noteText(doc.title)}</note>`, `    </notes>`);
  }
  for (const segment of doc.segments) {
    out.push(...unitLines(segment));
  }
  out.push(`  </file>`, `</xliff>`, "");
  return out.join("\n");
}

function unitLines(segment: XliffExportSegment): string[] {
  const lines = [`    <unit id="${attr(segment.id)}">`];
  const notes = (segment.notes ?? []).filter((n) => n !== "");
  if (notes.length > 0) {
    lines.push(`      <notes>`);
    for (const note of notes) {
      lines.push(`        <note category="glossary">${noteText(note)}</note>`);
    }
    lines.push(`      </notes>`);
  }
  if (segment.markup.length > 0) {
    lines.push(`      <originalData>`);
    for (const m of segment.markup) {
      const [start, end] = originalCode(m);
      lines.push(`        <data id="${dataId(m.id, "start")}">${text(start)}</data>`);
      if (end !== null) {
        lines.push(`        <data id="${dataId(m.id, "end")}">${text(end)}</data>`);
      }
    }
    lines.push(`      </originalData>`);
  }
  // A segment without a target cannot honestly claim a later state.
  const state = segment.target === null ? "initial" : segment.state;
  lines.push(`      <segment id="${attr(segment.id)}" state="${state}">`);
  const markup = new Map(segment.markup.map((m) => [m.id, m]));
  lines.push(`        <source xml:space="preserve">${inlineXml(segment.source, markup)}</source>`);
  if (segment.target !== null) {
    lines.push(`        <target xml:space="preserve">${inlineXml(segment.target, markup)}</target>`);
  }
  lines.push(`      </segment>`, `    </unit>`);
  return lines;
}

/** The Markdown-ish original of a code: what a CAT tool shows when the translator inspects it. */
function originalCode(m: Markup): [string, string | null] {
  switch (m.kind) {
    case "em":
      return ["<em>", "</em>"];
    case "strong":
      return ["<strong>", "</strong>"];
    case "link":
      return [`<a href="${(m.href ?? "").replace(/&/g, "&amp;").replace(/"/g, "&quot;")}">`, "</a>"];
    case "br":
      return ["<br>", null];
  }
}

function dataId(id: number, part: "start" | "end"): string {
  return part === "start" ? `d${id}` : `d${id}e`;
}

/** `type`/`subType` plus data references for one code; unknown ids get a bare code. */
function codeAttrs(m: Markup | undefined, role: "pc" | "sc" | "ec" | "ph"): string {
  if (m === undefined) {
    return "";
  }
  const type = m.kind === "link" ? ` type="link"` : ` type="fmt" subType="${m.kind === "em" ? "xlf:i" : m.kind === "strong" ? "xlf:b" : "xlf:lb"}"`;
  const paired = m.kind !== "br";
  switch (role) {
    case "pc":
      return paired ? `${type} dataRefStart="${dataId(m.id, "start")}" dataRefEnd="${dataId(m.id, "end")}"` : "";
    case "sc":
      return paired ? `${type} dataRef="${dataId(m.id, "start")}"` : "";
    case "ec":
      return paired ? ` dataRef="${dataId(m.id, "end")}"` : "";
    case "ph":
      return paired ? "" : `${type} dataRef="${dataId(m.id, "start")}"`;
  }
}

/** Whether every paired code closes in the order it opened, so `<pc>` can express it. */
function isWellNested(tokens: TextToken[]): boolean {
  const stack: number[] = [];
  for (const t of tokens) {
    if (t.type === "open") {
      stack.push(t.id);
    } else if (t.type === "close" && stack.pop() !== t.id) {
      return false;
    }
  }
  return stack.length === 0;
}

function inlineXml(segmentText: string, markup: Map<number, Markup>): string {
  const tokens = tokenizeSegmentText(segmentText);
  const nested = isWellNested(tokens);
  const isolated = nested ? new Set<number>() : isolatedTokens(tokens);
  return tokens
    .map((t, i) => {
      const m = t.type === "text" ? undefined : markup.get(t.id);
      switch (t.type) {
        case "text":
          return text(t.text);
        case "standalone":
          return `<ph id="${t.id}"${codeAttrs(m, "ph")}/>`;
        case "open":
          if (nested) {
            return `<pc id="${t.id}"${codeAttrs(m, "pc")}>`;
          }
          return `<sc id="${t.id}"${isolated.has(i) ? ` isolated="yes"` : ""}${codeAttrs(m, "sc")}/>`;
        case "close":
          if (nested) {
            return "</pc>";
          }
          return isolated.has(i) ? `<ec id="${t.id}" isolated="yes"${codeAttrs(m, "ec")}/>` : `<ec startRef="${t.id}"${codeAttrs(m, "ec")}/>`;
      }
    })
    .join("");
}

/** Indexes of opening or closing tokens that have no partner in the same text. */
function isolatedTokens(tokens: TextToken[]): Set<number> {
  const open = new Map<number, number[]>();
  const isolated = new Set<number>();
  tokens.forEach((t, i) => {
    if (t.type === "open") {
      open.set(t.id, [...(open.get(t.id) ?? []), i]);
    } else if (t.type === "close") {
      const pending = open.get(t.id) ?? [];
      if (pending.length === 0) {
        isolated.add(i);
      }
      pending.pop();
    }
  });
  for (const pending of open.values()) {
    pending.forEach((i) => isolated.add(i));
  }
  return isolated;
}

// Characters XML 1.0 cannot carry at all (XLIFF writes them as <cp>), and lone surrogates.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/** Inline text: characters XML cannot hold become `<cp hex>`; `\r` survives line-end normalisation. */
function text(s: string): string {
  let out = "";
  let last = 0;
  for (const m of s.matchAll(NOT_XML)) {
    out += escapeXml(s.slice(last, m.index));
    const code = m[0].charCodeAt(0);
    out += code >= 0xd800 && code <= 0xdfff ? "\uFFFD" : `<cp hex="${code.toString(16).toUpperCase().padStart(4, "0")}"/>`;
    last = m.index + m[0].length;
  }
  return out + escapeXml(s.slice(last));
}

/** Notes cannot contain `<cp>`, so unrepresentable characters become U+FFFD. */
function noteText(s: string): string {
  return escapeXml(s.replace(NOT_XML, "\uFFFD"));
}

function attr(s: string): string {
  return escapeXml(s.replace(NOT_XML, "\uFFFD")).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}
