/*
 * Reading TBX files already parsed by parseUntrustedXml into plain entries: TBX-Basic 2019
 * (<conceptEntry>/<langSec>/<termSec>) and TBX 2008 (<termEntry>/<langSet>/<tig>|<ntig>).
 * No I/O and no validation here; glossary.tbx.ts turns entries into commands.
 */
export interface RawTerm {
  text: string;
  deprecated: boolean;
  notes: string[];
}
export interface RawLangSec {
  lang: string;
  notes: string[];
  terms: RawTerm[];
}
export interface RawEntry {
  id: string | null;
  notes: string[];
  langs: RawLangSec[];
}

type XmlNode = Record<string, unknown>;
/** Elements that may repeat: always arrays, so one and many read alike. */
export const TBX_REPEATABLE = new Set(["conceptEntry", "termEntry", "langSec", "langSet", "termSec", "tig", "ntig", "termGrp", "termNote", "note"]);

function isNode(v: unknown): v is XmlNode {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function children(n: unknown, name: string): unknown[] {
  const v = isNode(n) ? n[name] : undefined;
  if (v === undefined) {
    return [];
  }
  return Array.isArray(v) ? v : [v];
}

function attr(n: unknown, name: string): string | null {
  const v = isNode(n) ? n[`@_${name}`] : undefined;
  return typeof v === "string" ? v : null;
}

/**
 * `term` and `note` are parsed as raw XML (stop nodes) so inline markup keeps its text in order.
 * Whitespace runs in terms become one space; notes keep their line breaks.
 */
export function rawText(v: unknown, keepLines = false): string {
  const raw = typeof v === "string" ? v : isNode(v) && typeof v["#text"] === "string" ? v["#text"] : "";
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith("<![CDATA[")
        ? part.slice(9, -3)
        : part.replace(/<[^>]*>/g, "").replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, ref: string) => decodeEntity(whole, ref)),
    )
    .join("")
    .replace(/\r\n?/g, "\n")
    .replace(keepLines ? /[^\S\n]+/g : /\s+/g, " ")
    .trim();
}

function decodeEntity(whole: string, ref: string): string {
  const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
  const lower = ref.toLowerCase();
  const fixed = named[lower];
  if (fixed !== undefined) {
    return fixed;
  }
  const code = lower.startsWith("#x") ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
}

function statusDeprecated(holder: unknown): boolean {
  return children(holder, "termNote").some((n) => {
    const type = attr(n, "type");
    const value = typeof n === "string" ? n : isNode(n) && typeof n["#text"] === "string" ? n["#text"] : "";
    return (type === "administrativeStatus" || type === "normativeAuthorization") && /deprecated|superseded/i.test(value);
  });
}

function readTerms(langSec: unknown): RawTerm[] {
  const out: RawTerm[] = [];
  // TBX 3 <termSec>, TBX 2008 <tig>; <ntig> wraps term and termNote in a <termGrp>.
  const holders = [...children(langSec, "termSec"), ...children(langSec, "tig"), ...children(langSec, "ntig").flatMap((n) => children(n, "termGrp"))];
  for (const h of holders) {
    const text = rawText(children(h, "term")[0]);
    if (text !== "") {
      out.push({ text, deprecated: statusDeprecated(h), notes: children(h, "note").map((n) => rawText(n, true)) });
    }
  }
  return out;
}

/** The entries of a TBX document, or null when its root is neither <tbx> nor <martif>. */
export function readEntries(parsed: unknown): RawEntry[] | null {
  const root = children(parsed, "tbx")[0] ?? children(parsed, "martif")[0];
  if (!isNode(root)) {
    return null;
  }
  const body = children(children(root, "text")[0], "body")[0];
  return [...children(body, "conceptEntry"), ...children(body, "termEntry")].map((e) => ({
    id: attr(e, "id"),
    notes: children(e, "note").map((n) => rawText(n, true)),
    langs: [...children(e, "langSec"), ...children(e, "langSet")].map((l) => ({
      lang: attr(l, "xml:lang") ?? attr(l, "lang") ?? "",
      notes: children(l, "note").map((n) => rawText(n, true)),
      terms: readTerms(l),
    })),
  }));
}

/** Whether a BCP 47 tag from a file means one of our content language codes. */
export function langMatches(tag: string, code: string): boolean {
  const parts = tag.toLowerCase().split(/[-_]/);
  const primary = parts[0] ?? "";
  if (primary === code) {
    return true;
  }
  if (primary === "ku") {
    return parts.includes("arab") ? code === "ckb" : code === "kmr";
  }
  return false;
}
