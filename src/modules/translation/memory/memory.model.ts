import { diffWords } from "diff";
import { normalizeArabicLetters } from "../../search/normalize";
import { sha256Hex } from "../../../platform/hash";

/** Where a unit came from: approved in Sada, or imported from another tool's TMX file. */
export type TmOrigin = "approved" | "tmx-import";

/** One segment pair to store in the memory. */
export interface NewTmUnit {
  sourceLang: string;
  targetLang: string;
  source: string;
  target: string;
  /** Opaque key of where the segment sat (for example its statement and neighbours); equal keys make an in-context match. */
  context?: string | null;
  statementId?: string | null;
  groupId?: string | null;
  translator?: string | null;
  origin: TmOrigin;
}

export interface DiffPart {
  text: string;
  change: "same" | "added" | "removed";
}

/** A suggestion from the memory for one source segment. */
export interface TmMatch {
  id: number;
  source: string;
  target: string;
  /** 0–100, see `similarity`. */
  score: number;
  /** A 100% match that was stored with the same context key as the query. */
  inContext: boolean;
  /** Word-level differences from the stored source to the text being translated. */
  diff: DiffPart[];
  origin: TmOrigin;
  statementId: string | null;
  translator: string | null;
  createdAt: string;
}

const PLACEHOLDER = /\{\/?\d+\/?\}/g;
const HARAKAT_AND_TATWEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
// Zero-width and direction marks, soft hyphen, BOM: invisible, but they break character matching.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const QUOTES = /["'«»“”„‟‘’‚‛‹›`´]/g;
const PUNCTUATION_MAP: Record<string, string> = {
  "،": ",",
  "؛": ";",
  "؟": "?",
  "٫": ".",
  "٬": ",",
  "۔": ".",
  "…": "...",
  "–": "-",
  "—": "-",
  "‐": "-",
  "‑": "-",
  "−": "-",
};
const PUNCTUATION_VARIANTS = new RegExp(`[${Object.keys(PUNCTUATION_MAP).join("")}]`, "g");

function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/**
 * The form of a segment that matching compares. Differences a translator would not translate
 * differently are removed: Unicode composition, case, inline-markup placeholders ({1}, {/1},
 * {1/}), harakat, tatweel, alef/hamza forms, ى/ي, ة/ه, Eastern digits, quote styles, invisible
 * marks and runs of whitespace. Other punctuation stays (as one ASCII form), because "?" or "."
 * can change a translation. Arabic-letter rules touch only Arabic code points, so they apply
 * to any language; ё/е is unified for Russian only.
 */
export function normalizeForTm(text: string, lang: string): string {
  let t = text.normalize("NFC").replace(PLACEHOLDER, "").replace(INVISIBLE, "").toLowerCase();
  t = normalizeArabicLetters(t.replace(HARAKAT_AND_TATWEEL, ""));
  if (lang.toLowerCase().startsWith("ru")) {
    t = t.replace(/ё/g, "е");
  }
  t = latinDigits(t)
    .replace(PUNCTUATION_VARIANTS, (c) => PUNCTUATION_MAP[c] ?? c)
    .replace(QUOTES, "");
  return t.replace(/\s+/gu, " ").trim();
}

function codePoints(s: string): Int32Array {
  const out = new Int32Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i) ?? 0;
    out[n++] = c;
    if (c > 0xffff) {
      i++;
    }
  }
  return out.subarray(0, n);
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) {
      n++;
    }
  }
  return n;
}

/**
 * Levenshtein distance between two strings, by code point. With `max`, the answer is only
 * exact up to `max`: anything larger comes back as `max + 1`, which lets reranking drop a
 * hopeless candidate after a few rows. Common prefix and suffix are skipped, only a diagonal
 * band of width 2·max+1 is computed, and two rows are kept, so near-duplicates cost little.
 */
export function levenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  let x = codePoints(a);
  let y = codePoints(b);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) {
    start++;
  }
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  x = x.subarray(start, endX);
  y = y.subarray(start, endY);
  // s is the shorter string (columns), t the longer (rows).
  const [s, t] = x.length <= y.length ? [x, y] : [y, x];
  const n = s.length;
  const m = t.length;
  const k = Math.min(max, m);
  if (m - n > k) {
    return k + 1;
  }
  if (n === 0) {
    return m;
  }
  const big = k + 1;
  let prev = new Int32Array(n + 2);
  let curr = new Int32Array(n + 2);
  for (let j = 0; j <= n + 1; j++) {
    prev[j] = j <= k ? j : big;
  }
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(n, i + k);
    curr[lo - 1] = lo === 1 && i <= k ? i : big;
    let rowMin = curr[lo - 1] ?? big;
    const ti = t[i - 1];
    for (let j = lo; j <= hi; j++) {
      const diag = (prev[j - 1] ?? big) + (s[j - 1] === ti ? 0 : 1);
      const up = (prev[j] ?? big) + 1;
      const left = (curr[j - 1] ?? big) + 1;
      const v = diag < up ? (diag < left ? diag : left) : up < left ? up : left;
      curr[j] = v;
      if (v < rowMin) {
        rowMin = v;
      }
    }
    curr[hi + 1] = big;
    if (rowMin > k) {
      return big;
    }
    const swap = prev;
    prev = curr;
    curr = swap;
  }
  const d = prev[n] ?? big;
  return d > k ? big : d;
}

/**
 * Match percentage of two normalised segments, as translators know it from CAT tools:
 * 100 · (1 − distance / longer length), rounded down, so only identical text scores 100.
 */
export function similarity(a: string, b: string): number {
  const len = Math.max(codePointLength(a), codePointLength(b));
  if (len === 0) {
    return 100;
  }
  return Math.floor((100 * (len - levenshtein(a, b))) / len);
}

/**
 * `similarity(a, b)` when it is at least `minScore`, else null, without computing distances
 * that cannot reach the threshold. Reranking many candidates relies on this shortcut.
 */
export function similarityAtLeast(a: string, b: string, minScore: number): number | null {
  const len = Math.max(codePointLength(a), codePointLength(b));
  if (len === 0) {
    return 100 >= minScore ? 100 : null;
  }
  const bound = Math.max(0, Math.floor((len * (100 - minScore)) / 100));
  const d = levenshtein(a, b, bound);
  if (d > bound) {
    return null;
  }
  const score = Math.floor((100 * (len - d)) / len);
  return score >= minScore ? score : null;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "word" });

/**
 * Which words differ between a stored source and the segment being translated, so the editor
 * can highlight what the suggestion's translation does not cover. Words are found with
 * Intl.Segmenter, which handles Arabic and other scripts without spaces the same way.
 */
export function wordDiff(tmSource: string, current: string): DiffPart[] {
  return diffWords(tmSource, current, { intlSegmenter: segmenter }).map((part) => ({
    text: part.value,
    change: part.added ? "added" : part.removed ? "removed" : "same",
  }));
}

/**
 * The identity of a unit: the same pair and texts are the same unit, whoever stored them and
 * from wherever, which makes re-imports and repeated approvals add nothing.
 */
export function unitHash(u: { sourceLang: string; targetLang: string; source: string; target: string }): string {
  return sha256Hex(JSON.stringify([u.sourceLang, u.targetLang, u.source, u.target]));
}

/** The key of a language pair and normalised source text, for indexed exact matches. */
export function sourceKey(sourceLang: string, targetLang: string, norm: string): string {
  return sha256Hex(JSON.stringify([sourceLang, targetLang, norm]));
}

/**
 * Maps a BCP 47 tag from another tool ("ar-SY", "EN_us", "ku-Arab") to the code Sada stores
 * ("ar", "en", "ckb"), so files from different tools meet in the same language pair.
 */
export function toSadaLang(tag: string): string {
  const parts = tag.trim().toLowerCase().replace(/_/g, "-").split("-");
  const primary = parts[0] ?? "";
  if (primary === "ku" || primary === "kur") {
    return parts.includes("arab") || parts.includes("iq") || parts.includes("ir") ? "ckb" : "kmr";
  }
  const three: Record<string, string> = {
    ara: "ar",
    arb: "ar",
    eng: "en",
    rus: "ru",
    fra: "fr",
    fre: "fr",
    deu: "de",
    ger: "de",
    spa: "es",
    tur: "tr",
    fas: "fa",
    per: "fa",
  };
  return three[primary] ?? primary;
}
