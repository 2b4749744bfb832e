/**
 * Sentence boundaries for plain text: ICU's sentence rules (`Intl.Segmenter`), plus the Arabic
 * semicolon as a sentence end, minus splits after common abbreviations and initials. A wrong
 * split costs a translator more than a missed one (a half sentence cannot be translated), so
 * the abbreviation rules lean towards not splitting.
 */

/** Abbreviations (lower case, without the final dot) after which a sentence never ends. */
const ABBREVIATIONS = new Set([
  // English
  "dr",
  "mr",
  "mrs",
  "ms",
  "prof",
  "st",
  "mt",
  "jr",
  "sr",
  "gen",
  "col",
  "lt",
  "sgt",
  "capt",
  "gov",
  "sen",
  "rep",
  "rev",
  "vs",
  "approx",
  "dept",
  "est",
  "eng",
  // Russian
  "г",
  "гг",
  "ул",
  "пр",
  "пер",
  "пл",
  "д",
  "кв",
  "им",
  "проф",
  "акад",
  "ген",
  "см",
  "стр",
  "рис",
  "тыс",
  "млн",
  "млрд",
  "руб",
  "обл",
  "св",
  "т",
  // Arabic: د. (doctor) and أ. (professor, mister) before a name. Not م.: it also ends years.
  "د",
  "أ",
]);

/** Abbreviations that only hold when a number follows: "No. 5", "p. 12", "Art. 3". */
const BEFORE_NUMBER = new Set(["no", "nos", "p", "pp", "art", "vol", "ch", "sec", "fig", "№", "ст", "п"]);

/** Dotted acronyms: e.g., i.e., U.N., U.S., т.е., т.к., أ.د. */
const DOTTED = /^(?:\p{L}{1,2}\.)+\p{L}{1,2}\.?$/u;
/** A single capital initial: "A. Hassan", "А. Иванов". */
const INITIAL = /^\p{Lu}$/u;
const OPENERS = /^[("'“‘«[]+/u;
const CLOSERS = /[)"'”’»\]]+$/u;
const LAST_WORD_LIMIT = 24;

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string): Intl.Segmenter {
  const cached = segmenters.get(lang);
  if (cached !== undefined) {
    return cached;
  }
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(lang, { granularity: "sentence" });
  } catch {
    segmenter = new Intl.Segmenter("und", { granularity: "sentence" });
  }
  segmenters.set(lang, segmenter);
  return segmenter;
}

/** The last whitespace-separated word before `end`, looking back a bounded distance. */
function lastWord(text: string, end: number): string {
  let stop = end;
  while (stop > 0 && /\s/u.test(text[stop - 1] ?? "")) {
    stop -= 1;
  }
  let start = stop;
  while (start > 0 && stop - start < LAST_WORD_LIMIT && !/\s/u.test(text[start - 1] ?? "")) {
    start -= 1;
  }
  return text.slice(start, stop);
}

function nextChar(text: string, from: number): string {
  let i = from;
  while (i < text.length && /\s/u.test(text[i] ?? "")) {
    i += 1;
  }
  return text[i] ?? "";
}

/** Whether a boundary at `at` falls right after an abbreviation or initial. */
function isAbbreviationBoundary(text: string, at: number): boolean {
  const word = lastWord(text, at).replace(OPENERS, "").replace(CLOSERS, "");
  if (!word.endsWith(".")) {
    return false;
  }
  const stem = word.slice(0, -1);
  const lower = stem.toLowerCase();
  if (ABBREVIATIONS.has(lower) || INITIAL.test(stem) || DOTTED.test(word)) {
    return true;
  }
  return BEFORE_NUMBER.has(lower) && /[\p{Nd}]/u.test(nextChar(text, at));
}

/** Offsets where a new sentence starts after each Arabic semicolon (؛) and its spaces. */
function arabicSemicolonBoundaries(text: string): number[] {
  const out: number[] = [];
  let i = text.indexOf("؛");
  while (i !== -1) {
    let end = i + 1;
    while (end < text.length && /\s/u.test(text[end] ?? "")) {
      end += 1;
    }
    if (end < text.length) {
      out.push(end);
    }
    i = text.indexOf("؛", end);
  }
  return out;
}

/**
 * Offsets (strictly inside the text) where a new sentence starts. Trailing spaces stay with the
 * sentence before. Linear in the text length.
 */
export function sentenceBoundaries(text: string, lang: string): number[] {
  const candidates: number[] = [];
  for (const piece of segmenterFor(lang).segment(text)) {
    if (piece.index > 0) {
      candidates.push(piece.index);
    }
  }
  const semicolons = arabicSemicolonBoundaries(text);
  const merged = semicolons.length === 0 ? candidates : [...new Set([...candidates, ...semicolons])].sort((a, b) => a - b);
  return merged.filter((at) => !isAbbreviationBoundary(text, at));
}
