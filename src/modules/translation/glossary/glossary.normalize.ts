import { normalizeArabicLetters } from "../../search/normalize";

/**
 * Character folding shared by term normalisation (`normalizeTerm`) and term matching
 * (`findTermsInSegment`), so a stored `term_norm` and a segment meet in the same letters.
 * Unlike search normalisation it keeps every word and never stems, and it remembers where each
 * folded character came from, so a match can be reported in the original string.
 */
export interface FoldedText {
  /** The folded text: NFC, lower case, unified Arabic letters, Latin digits, one space per gap. */
  text: string;
  /** For each character of `text`, the offset in the original where its source starts. */
  from: number[];
  /** For each character of `text`, the offset in the original just after its source. */
  to: number[];
}

/** Segment placeholders: `{1}` and `{/1}` around inline markup, `{2/}` for a lone element. */
const PLACEHOLDER = /\{(\/?)\d+\}|\{\d+(\/)\}/y;
/** A base character with its combining marks (or stray marks at the start). */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/uy;
const SPACE = /[\s\u200B]/;
/** Invisible format characters that people type inconsistently: ZWNJ/ZWJ, bidi marks, soft hyphen, BOM. */
const INVISIBLE = /[\u00AD\u061C\u200C-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;
const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F]/;
/** Locales whose lower-casing differs from the default (dotted and dotless i). */
const TURKIC = new Set(["tr", "az"]);

function foldCluster(cluster: string, lang: string): string {
  let s = cluster.normalize("NFC");
  s = TURKIC.has(lang) ? s.toLocaleLowerCase(lang) : s.toLowerCase();
  s = s.replace(/ё/g, "е");
  if (ARABIC_SCRIPT.test(s)) {
    // Persian and Kurdish keyboards type ی ک ھ where Arabic ones type ي ك ه; unify them.
    s = normalizeArabicLetters(s)
      .replace(/\u06CC/g, "\u064A")
      .replace(/\u06A9/g, "\u0643")
      .replace(/\u06BE/g, "\u0647");
    s = s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  }
  return s;
}

/**
 * Folds `source` for matching while keeping an offset map back to it. Paired placeholders are
 * zero-width (inline markup may sit inside a phrase), lone ones count as a space, and runs of
 * whitespace become one space.
 */
export function foldText(source: string, lang: string): FoldedText {
  let text = "";
  const from: number[] = [];
  const to: number[] = [];
  const emitSpace = (start: number, end: number) => {
    if (text.length > 0 && text.endsWith(" ")) {
      to[to.length - 1] = end;
      return;
    }
    text += " ";
    from.push(start);
    to.push(end);
  };
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === "{") {
      PLACEHOLDER.lastIndex = i;
      const p = PLACEHOLDER.exec(source);
      if (p) {
        if (p[2] === "/") {
          emitSpace(i, i + p[0].length);
        }
        i += p[0].length;
        continue;
      }
    }
    if (SPACE.test(ch)) {
      emitSpace(i, i + 1);
      i += 1;
      continue;
    }
    if (INVISIBLE.test(ch)) {
      i += 1;
      continue;
    }
    CLUSTER.lastIndex = i;
    const cluster = CLUSTER.exec(source)?.[0] ?? ch;
    const folded = foldCluster(cluster, lang);
    for (let k = 0; k < folded.length; k++) {
      from.push(i);
      to.push(i + cluster.length);
    }
    text += folded;
    i += cluster.length;
  }
  return { text, from, to };
}
