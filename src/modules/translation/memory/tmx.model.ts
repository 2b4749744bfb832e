import type { StoredTmUnit } from "./memory.repo";
import { toSadaLang } from "./memory.model";

// TMX 1.4b (https://www.gala-global.org/tmx-14b) as Sada reads and writes it. Parsing itself is
// done by platform/xml/safe-xml with `preserveOrder`, which yields nodes of the shape
// `{ name: children[], ":@": { "@_attr": value } }` and text nodes `{ "#text": value }`.

/** A segment pair found in a TMX file, before it becomes a memory unit. */
export interface TmxPair {
  sourceLang: string;
  targetLang: string;
  source: string;
  target: string;
  context: string | null;
  translator: string | null;
}

export interface TmxReadResult {
  pairs: TmxPair[];
  /** Problems with single translation units; the rest of the file is still read. */
  errors: string[];
}

/** The parser options TMX reading needs: keep mixed-content order and whitespace, decode &#…; references. */
export const TMX_PARSE_OPTIONS = { preserveOrder: true, trimValues: false, parseTagValue: false, parseAttributeValue: false, htmlEntities: true };

/** Elements whose content is native markup of the original file, not translatable text. */
const INLINE_CODES = new Set(["bpt", "ept", "ph", "it", "ut"]);
const SADA_PLACEHOLDER = /^\{\/?\d+\/?\}$/;
const MAX_ERRORS = 50;
const CONTEXT_PROP = "x-sada-context";

type XmlNode = Record<string, unknown>;

function isNode(v: unknown): v is XmlNode {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function nameOf(node: XmlNode): string | null {
  for (const key of Object.keys(node)) {
    if (key !== ":@") {
      return key;
    }
  }
  return null;
}

function childrenOf(node: XmlNode): XmlNode[] {
  const name = nameOf(node);
  const value = name === null ? undefined : node[name];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

function elements(nodes: XmlNode[], name: string): XmlNode[] {
  return nodes.filter((n) => nameOf(n) === name);
}

function attr(node: XmlNode, name: string): string | undefined {
  const attrs = node[":@"];
  if (!isNode(attrs)) {
    return undefined;
  }
  const v = attrs[`@_${name}`];
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

function textOf(nodes: XmlNode[]): string {
  let out = "";
  for (const n of nodes) {
    const name = nameOf(n);
    if (name === "#text") {
      const v = n["#text"];
      out += typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
    } else if (name !== null) {
      out += textOf(childrenOf(n));
    }
  }
  return out;
}

/**
 * The text of a `<seg>`. Inline codes (`<bpt>`, `<ept>`, `<ph>`, `<it>`, `<ut>`) hold the
 * original file's formatting code ("<b>", "\\f1"), so their content is left out; the one
 * exception is a Sada placeholder ("{1}", "{/1}", "{2/}") that our own export wrapped in a code,
 * which is put back so that export and import round-trip. `<hi>` is a highlighted run of real
 * text and is kept.
 */
export function segmentText(seg: XmlNode): string {
  let out = "";
  for (const n of childrenOf(seg)) {
    const name = nameOf(n);
    if (name === "#text") {
      out += textOf([n]);
    } else if (name !== null && INLINE_CODES.has(name)) {
      const code = textOf(childrenOf(n));
      if (SADA_PLACEHOLDER.test(code)) {
        out += code;
      }
    } else if (name !== null) {
      out += segmentText(n);
    }
  }
  return out;
}

/** Finds the `<tmx>` root in a preserveOrder parse result, or null when the document is something else. */
export function tmxRoot(parsed: unknown): XmlNode | null {
  if (!Array.isArray(parsed)) {
    return null;
  }
  return parsed.filter(isNode).find((n) => nameOf(n) === "tmx") ?? null;
}

/** Language of a `<tuv>`: `xml:lang` in TMX 1.4, `lang` in TMX 1.1. */
function tuvLang(tuv: XmlNode): string | undefined {
  return attr(tuv, "xml:lang") ?? attr(tuv, "lang");
}

/**
 * Reads the segment pairs of a TMX document: for each `<tu>`, the `<tuv>` in the source language
 * paired with each other `<tuv>`. Language tags become Sada codes, so "ar-SY" counts as "ar". The
 * source language is `sourceLang` if given, else the `<tu srclang>`, else `<header srclang>`.
 */
export function readTmx(root: XmlNode, sourceLang?: string): TmxReadResult | { notTmx: string } {
  const top = childrenOf(root);
  const header = elements(top, "header")[0];
  const body = elements(top, "body")[0];
  if (!body) {
    return { notTmx: "The file has a <tmx> element but no <body>." };
  }
  const headerSrc = header ? attr(header, "srclang") : undefined;
  const pairs: TmxPair[] = [];
  const errors: string[] = [];
  let errorCount = 0;
  const fail = (message: string) => {
    errorCount++;
    if (errors.length < MAX_ERRORS) {
      errors.push(message);
    } else if (errorCount === MAX_ERRORS + 1) {
      errors.push("More problems were found; only the first ones are listed.");
    }
  };
  elements(childrenOf(body), "tu").forEach((tu, index) => {
    const where = `Translation unit ${index + 1}${attr(tu, "tuid") ? ` (tuid ${attr(tu, "tuid")})` : ""}`;
    const tuChildren = childrenOf(tu);
    const srcTag = sourceLang ?? attr(tu, "srclang") ?? headerSrc;
    if (!srcTag || srcTag === "*all*") {
      fail(`${where}: no source language (the header says "*all*"); give the source language explicitly.`);
      return;
    }
    const src = toSadaLang(srcTag);
    const context = elements(tuChildren, "prop").find((p) => attr(p, "type") === CONTEXT_PROP);
    const variants: Array<{ lang: string; text: string; translator: string | null }> = [];
    for (const tuv of elements(tuChildren, "tuv")) {
      const tag = tuvLang(tuv);
      const seg = elements(childrenOf(tuv), "seg")[0];
      if (!tag) {
        fail(`${where}: a <tuv> has no xml:lang.`);
        continue;
      }
      if (!seg) {
        fail(`${where}: the <tuv xml:lang="${tag}"> has no <seg>.`);
        continue;
      }
      variants.push({ lang: toSadaLang(tag), text: segmentText(seg), translator: attr(tuv, "creationid") ?? attr(tu, "creationid") ?? null });
    }
    const source = variants.find((v) => v.lang === src);
    if (!source) {
      fail(`${where}: no <tuv> in the source language "${src}".`);
      return;
    }
    if (source.text.trim() === "") {
      return;
    }
    for (const v of variants) {
      if (v.lang !== src && v.text.trim() !== "") {
        pairs.push({
          sourceLang: src,
          targetLang: v.lang,
          source: source.text,
          target: v.text,
          context: context ? textOf(childrenOf(context)) : null,
          translator: v.translator,
        });
      }
    }
  });
  return { pairs, errors };
}

/** Escapes text for XML content and attribute values; carriage returns survive as references. */
export function xmlEscape(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot carry at all are dropped.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/\r/g, "&#13;")
  );
}

/**
 * A segment as TMX `<seg>` content. Sada placeholders become inline codes, so other tools show
 * them as tags rather than as "{1}" text: a {n}…{/n} pair as `<bpt>`/`<ept>`, anything else as `<ph>`.
 */
export function segmentXml(text: string): string {
  const parts = text.split(/(\{\/?\d+\/?\})/);
  const open = new Set<string>();
  const closes = new Set<string>();
  for (const p of parts) {
    const close = /^\{\/(\d+)\}$/.exec(p);
    if (close?.[1] !== undefined) {
      closes.add(close[1]);
    }
  }
  let out = "";
  parts.forEach((p, i) => {
    if (i % 2 === 0) {
      out += xmlEscape(p);
      return;
    }
    const start = /^\{(\d+)\}$/.exec(p);
    const end = /^\{\/(\d+)\}$/.exec(p);
    if (start?.[1] !== undefined && closes.has(start[1]) && !open.has(start[1])) {
      open.add(start[1]);
      out += `<bpt i="${start[1]}">${p}</bpt>`;
    } else if (end?.[1] !== undefined && open.has(end[1])) {
      open.delete(end[1]);
      out += `<ept i="${end[1]}">${p}</ept>`;
    } else {
      out += `<ph>${p}</ph>`;
    }
  });
  return out;
}

/** TMX dates are compact ISO 8601 in UTC: 20261125T170000Z. */
export function tmxDate(iso: string): string {
  return iso.replace(/[-:]/g, "").replace(/\.\d+/, "");
}

/** A stored unit as the TMX export writes it (the repository's read shape). */
export type TmxExportUnit = StoredTmUnit;

/** The opening of a TMX 1.4b document, up to and including `<body>`. */
export function tmxHead(sourceLang: string, createdAt: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n` +
    `  <header creationtool="Sada" creationtoolversion="1" segtype="sentence" o-tmf="sada" adminlang="en" ` +
    `srclang="${xmlEscape(sourceLang)}" datatype="plaintext" creationdate="${tmxDate(createdAt)}"/>\n  <body>\n`
  );
}

/** One `<tu>` of a TMX export. */
export function tmxUnit(u: TmxExportUnit, sourceLang: string, targetLang: string): string {
  const who = u.translator ? ` creationid="${xmlEscape(u.translator)}"` : "";
  const context = u.context !== null ? `      <prop type="${CONTEXT_PROP}">${xmlEscape(u.context)}</prop>\n` : "";
  return (
    `    <tu tuid="${u.id}" creationdate="${tmxDate(u.createdAt)}"${who}>\n` +
    `      <prop type="x-sada-origin">${xmlEscape(u.origin)}</prop>\n${context}` +
    `      <tuv xml:lang="${xmlEscape(sourceLang)}"><seg>${segmentXml(u.source)}</seg></tuv>\n` +
    `      <tuv xml:lang="${xmlEscape(targetLang)}"><seg>${segmentXml(u.target)}</seg></tuv>\n` +
    `    </tu>\n`
  );
}

export const TMX_TAIL = "  </body>\n</tmx>\n";
