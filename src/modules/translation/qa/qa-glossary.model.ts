import snowball from "snowball-stemmers";
import { normalizeArabicLetters, stripArabicClitics } from "../../search/normalize";

/**
 * Glossary term matching across scripts. Arabic-script words are compared after letter
 * normalisation and clitic stripping (بالمستشفى contains مستشفى); Cyrillic words by Snowball
 * stem; Latin words case-insensitively, by Snowball stem for English. Two strengths:
 * "loose" (is a term in the source, is a preferred rendering in the target; a warning at most)
 * also accepts a few trailing letters of inflection, "strict" (is a forbidden rendering in the
 * target; blocks saving) only accepts the word, its stem, or a known Kurdish case suffix.
 */
export type MatchStrength = "loose" | "strict";

type Word = { text: string; keys: string[]; script: "arabic" | "cyrillic" | "latin" };

const russian = snowball.newStemmer("russian");
const english = snowball.newStemmer("english");
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F]/;
const CYRILLIC = /[\u0400-\u04FF]/;
/** Kurmanji (Latin) case and definiteness endings: nexweşxaneyê, nexweşxaneyek, nexweşxaneyan. */
const KURMANJI_SUFFIXES = ["yên", "yan", "yek", "ekê", "yê", "ya", "yî", "ek", "an", "ên", "ê", "a", "î"];
/** Sorani (Arabic script) endings: نەخۆشخانەکە, نەخۆشخانەکان, نەخۆشخانەیەک. */
const SORANI_SUFFIXES = ["ەکان", "ەکە", "یەک", "کان", "کە", "ێک", "یان", "یە", "ان", "ی", "ن"];
const LOOSE_EXTRA_LETTERS = 5;

function primaryLanguage(lang: string): string {
  return lang.toLowerCase().split(/[-_]/)[0] ?? "";
}

function toWord(raw: string, lang: string, isTerm: boolean): Word {
  if (ARABIC_SCRIPT.test(raw)) {
    const letters = normalizeArabicLetters(raw);
    if (isTerm) {
      // A term written with the article (المستشفى) also matches the bare word.
      return { text: raw, script: "arabic", keys: letters.startsWith("ال") && letters.length > 3 ? [letters, letters.slice(2)] : [letters] };
    }
    return { text: raw, script: "arabic", keys: [letters, stripArabicClitics(letters)] };
  }
  const lower = raw.toLowerCase().normalize("NFC");
  if (CYRILLIC.test(lower)) {
    const plain = lower.replace(/ё/g, "е");
    return { text: raw, script: "cyrillic", keys: [plain, russian.stem(plain)] };
  }
  return { text: raw, script: "latin", keys: primaryLanguage(lang) === "en" && /^[a-z]+$/.test(lower) ? [lower, english.stem(lower)] : [lower] };
}

/** The words of a text, prepared for matching in `lang`. */
export function wordsOf(text: string, lang: string): Word[] {
  return [...text.normalize("NFC").matchAll(WORD)].map((m) => toWord(m[0], lang, false));
}

function suffixesFor(word: Word, lang: string): string[] {
  const primary = primaryLanguage(lang);
  if (primary === "ckb" || (primary === "ku" && word.script === "arabic")) {
    return SORANI_SUFFIXES;
  }
  if ((primary === "ku" || primary === "kmr") && word.script === "latin") {
    return KURMANJI_SUFFIXES;
  }
  return [];
}

/** Whether `rest` is one known ending, or two in a row (نەخۆشخانە+کە+ن "are in the hospital"). */
function isSuffixChain(rest: string, suffixes: string[]): boolean {
  return suffixes.includes(rest) || suffixes.some((first) => rest.startsWith(first) && suffixes.includes(rest.slice(first.length)));
}

function wordMatches(word: Word, term: Word, lang: string, strength: MatchStrength): boolean {
  if (word.script !== term.script) {
    return false;
  }
  // Russian keys are [word, stem]: the stem is compared with the stem.
  if (word.script === "cyrillic") {
    return word.keys[0] === term.keys[0] || word.keys[1] === term.keys[1];
  }
  for (const key of word.keys) {
    for (const termKey of term.keys) {
      if (key === termKey) {
        return true;
      }
      if (!key.startsWith(termKey) || termKey.length < 3) {
        continue;
      }
      const rest = key.slice(termKey.length);
      if (strength === "loose" && rest.length <= LOOSE_EXTRA_LETTERS) {
        return true;
      }
      if (isSuffixChain(rest, suffixesFor(word, lang))) {
        return true;
      }
    }
  }
  return false;
}

/** Whether `phrase` (one or more words) occurs in the prepared words of a text. */
export function containsPhrase(words: Word[], phrase: string, lang: string, strength: MatchStrength): boolean {
  const termWords = [...phrase.normalize("NFC").matchAll(WORD)].map((m) => toWord(m[0], lang, true));
  if (termWords.length === 0) {
    return false;
  }
  for (let i = 0; i + termWords.length <= words.length; i += 1) {
    let all = true;
    for (let j = 0; j < termWords.length && all; j += 1) {
      const word = words[i + j];
      const term = termWords[j];
      all = word !== undefined && term !== undefined && wordMatches(word, term, lang, strength);
    }
    if (all) {
      return true;
    }
  }
  return false;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{M}\p{N}]/u.test(ch);
}

/**
 * Where a do-not-translate term is written in the source: the exact characters, found
 * case-insensitively at word boundaries. Arabic-script text may glue a clitic to the front
 * (لـUNICEF, بسدى), so only the end is checked there.
 */
export function dntSurface(source: string, term: string): string | null {
  const needle = term.trim().toLowerCase();
  if (needle === "") {
    return null;
  }
  const haystack = source.toLowerCase();
  let at = haystack.indexOf(needle);
  while (at !== -1) {
    const before = source[at - 1];
    const after = source[at + needle.length];
    const gluedClitic = before !== undefined && (ARABIC_SCRIPT.test(before) || before === "ـ");
    if ((!isWordChar(before) || gluedClitic) && !isWordChar(after)) {
      return source.slice(at, at + needle.length);
    }
    at = haystack.indexOf(needle, at + 1);
  }
  return null;
}
