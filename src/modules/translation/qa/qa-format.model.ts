/**
 * Form checks that need no dictionary: bare URLs, final punctuation, edge whitespace,
 * invisible direction controls and length. They work on plain text (placeholders removed).
 */

const URL = /https?:\/\/[^\s<>"'«»()[\]{}]+/giu;
const URL_TRAILING = /[.,;:!?؟،؛…'"”’»)\]]/u;

/** Drops trailing characters matching a one-character class; a loop, because `[…]+$` is quadratic. */
function stripTrailing(text: string, oneChar: RegExp): string {
  let end = text.length;
  while (end > 0 && oneChar.test(text[end - 1] ?? "")) {
    end -= 1;
  }
  return text.slice(0, end);
}

/** Bare http(s) URLs written in the text, without trailing sentence punctuation. */
export function extractUrls(text: string): string[] {
  return [...text.matchAll(URL)].map((m) => stripTrailing(m[0], URL_TRAILING));
}

export type PunctuationClass = "period" | "question" | "exclamation" | "colon" | "semicolon" | "ellipsis" | "comma" | "none";

const CLASS_OF: Record<string, PunctuationClass> = {
  ".": "period",
  "۔": "period",
  "。": "period",
  "?": "question",
  "؟": "question",
  "!": "exclamation",
  ":": "colon",
  ";": "semicolon",
  "؛": "semicolon",
  "…": "ellipsis",
  ",": "comma",
  "،": "comma",
};
const CLOSING_QUOTES = /[\s"'”’»)\]\u200E\u200F\u061C]/u;

/**
 * The final punctuation of a text and its class. Closing quotes and brackets are looked
 * through, so `"Yes."` and `"Yes".` both end in a period; `...` counts as an ellipsis.
 */
export function finalPunctuation(text: string): { mark: string; kind: PunctuationClass } {
  const body = stripTrailing(text, CLOSING_QUOTES);
  if (body.endsWith("...")) {
    return { mark: "…", kind: "ellipsis" };
  }
  const mark = body.slice(-1);
  const kind = CLASS_OF[mark] ?? "none";
  return { mark: kind === "none" ? "" : mark, kind };
}

/** Leading and trailing whitespace of a segment text. */
export function edgeWhitespace(text: string): { leading: string; trailing: string } {
  const leading = text.slice(0, text.length - text.trimStart().length);
  const trailing = text.slice(text.trimEnd().length);
  return { leading, trailing };
}

const EMBEDDING = new Set(["\u202A", "\u202B", "\u202D", "\u202E"]);
const POP_EMBEDDING = "\u202C";
const ISOLATE = new Set(["\u2066", "\u2067", "\u2068"]);
const POP_ISOLATE = "\u2069";
const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;
const MARKS = /[\u200E\u200F\u061C]/gu;

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function countOf(text: string, pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(pattern)) {
    counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  return counts;
}

/** Whether every embedding/override is closed by PDF and every isolate by PDI, properly nested. */
export function bidiBalanced(text: string): boolean {
  const stack: Array<"embedding" | "isolate"> = [];
  for (const m of text.matchAll(CONTROLS)) {
    const ch = m[0];
    if (EMBEDDING.has(ch)) {
      stack.push("embedding");
    } else if (ISOLATE.has(ch)) {
      stack.push("isolate");
    } else if (ch === POP_EMBEDDING) {
      if (stack.pop() !== "embedding") {
        return false;
      }
    } else if (ch === POP_ISOLATE) {
      // A PDI also closes embeddings opened inside its isolate (UAX #9, rule X6a).
      let top = stack.pop();
      while (top === "embedding") {
        top = stack.pop();
      }
      if (top !== "isolate") {
        return false;
      }
    }
  }
  return stack.length === 0;
}

/** Characters of `pattern` the target has more of than the source, as U+XXXX. */
function added(source: string, target: string, pattern: RegExp): string[] {
  const inSource = countOf(source, pattern);
  return [...countOf(target, pattern)].filter(([ch, n]) => n > (inSource.get(ch) ?? 0)).map(([ch]) => codePoint(ch));
}

/**
 * Direction controls that can reorder what readers see (a classic way to hide or disguise
 * text): all controls of the target when they are unbalanced, else the ones the source lacks.
 */
export function suspiciousBidiControls(source: string, target: string): string[] {
  if (!bidiBalanced(target)) {
    return [...new Set([...target.matchAll(CONTROLS)].map((m) => codePoint(m[0])))];
  }
  return added(source, target, CONTROLS);
}

/** LRM, RLM and ALM marks added by the translation: usually harmless, worth a look. */
export function addedBidiMarks(source: string, target: string): string[] {
  return added(source, target, MARKS);
}

/**
 * The accepted band for target length / source length. Arabic is compact (no short vowels
 * written), so English, Russian and Kurdish translations usually run 1.0–1.6 times longer;
 * the band is wide on purpose and only checked from 20 characters, where ratios mean something.
 */
export const LENGTH_BAND = { minSourceLength: 20, min: 0.4, max: 2.5 };

/** Visible length: combining marks (harakat) do not count. */
export function visibleLength(text: string): number {
  return [...text.replace(/\p{M}/gu, "").trim()].length;
}
