import snowball from "snowball-stemmers";

/**
 * Text normalisation shared by indexing and querying, so both sides meet in the same tokens.
 * Arabic: strip harakat and tatweel, unify alef/hamza forms, ى→ي, ة→ه, strip the clitics
 * و ف ب ك ل ال. Russian and Latin-script words are stemmed with Snowball. Arabic-Indic and
 * Persian digits become Latin digits.
 */
const russian = snowball.newStemmer("russian");
const english = snowball.newStemmer("english");

const HARAKAT = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;
const ARABIC = /[\u0600-\u06FF\u0750-\u077F]/;
const CYRILLIC = /[\u0400-\u04FF]/;
const TOKEN = /[\p{L}\p{N}]+/gu;

function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/** Letter-level Arabic normalisation (no clitic stripping). */
export function normalizeArabicLetters(word: string): string {
  return word
    .replace(HARAKAT, "")
    .replace(TATWEEL, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ؤ/g, "و")
    .replace(/ئ/g, "ي")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه");
}

/** Strips a leading conjunction, preposition and article, keeping at least a 2–3 letter stem. */
export function stripArabicClitics(word: string): string {
  let w = word;
  if ((w.startsWith("و") || w.startsWith("ف")) && w.length > 3) {
    w = w.slice(1);
  }
  if ((w.startsWith("ب") || w.startsWith("ك")) && w.length > 3) {
    w = w.slice(1);
  }
  if (w.startsWith("لل") && w.length > 3) {
    return w.slice(2);
  }
  if (w.startsWith("ال") && w.length > 3) {
    return w.slice(2);
  }
  if (w.startsWith("ل") && w.length > 3) {
    return w.slice(1);
  }
  return w;
}

function normalizeToken(token: string): string {
  if (ARABIC.test(token)) {
    return stripArabicClitics(normalizeArabicLetters(token));
  }
  const lower = token.toLowerCase();
  if (CYRILLIC.test(lower)) {
    return russian.stem(lower.replace(/ё/g, "е"));
  }
  const plain = lower.normalize("NFKD").replace(/\p{M}/gu, "");
  return /^[a-z]+$/.test(plain) ? english.stem(plain) : plain;
}

/** Splits text into normalised search tokens. */
export function searchTokens(text: string): string[] {
  const prepared = latinDigits(text.normalize("NFC")).replace(HARAKAT, "").replace(TATWEEL, "");
  const tokens: string[] = [];
  for (const match of prepared.matchAll(TOKEN)) {
    const token = normalizeToken(match[0]);
    if (token.length > 0) {
      tokens.push(token);
    }
  }
  return tokens;
}

/** The normalised text stored in the index: tokens joined by spaces. */
export function normalizeForIndex(text: string): string {
  return searchTokens(text).join(" ");
}
