import snowball from "snowball-stemmers";
import type { GlossaryTerm } from "./glossary.model";
import { foldText } from "./glossary.normalize";

/** One occurrence of a glossary term in a segment source, as offsets into the original string. */
export interface TermMatch {
  term: GlossaryTerm;
  /** Offset of the first character of the matched word(s), clitic prefix included. */
  start: number;
  /** Offset just after the last matched character. */
  end: number;
  /** `source.slice(start, end)`: placeholders inside a multi-word match are kept. */
  text: string;
}

const russian = snowball.newStemmer("russian");
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CYRILLIC = /[\u0400-\u04FF]/;
const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F]/;
/** Arabic clitics before a word: a conjunction, then a preposition and/or the article (وال، بال، لل، فبال…). */
const ARABIC_PREFIX = /^[وف]?(?:[بك]?ال|لل|[بكل])?$/;
/** The article is dropped from a term's first word only when a real word remains (not "الله" → "له"). */
const MIN_STEM_AFTER_ARTICLE = 3;
const MIN_STEM_AFTER_CLITIC = 2;

interface Token {
  word: string;
  start: number;
  end: number;
}

interface CompiledTerm {
  term: GlossaryTerm;
  order: number;
  /** Comparison keys of the term's words (Russian stems, otherwise the folded word). */
  keys: string[];
  /** What separates consecutive words in the folded term (usually one space). */
  gaps: string[];
  lead: string;
  trail: string;
  /** Arabic source: the first word may carry clitic prefixes in the segment. */
  clitics: boolean;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
}

/** Russian words are compared by Snowball stem, so "больница" also finds "больницы", "больнице". */
function wordKey(word: string): string {
  return CYRILLIC.test(word) ? russian.stem(word) : word;
}

function compile(term: GlossaryTerm, order: number, lang: string): CompiledTerm | null {
  const { text } = foldText(term.term, lang);
  const folded = text.trim();
  const tokens = tokenize(folded);
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) {
    return null;
  }
  const clitics = lang === "ar" && ARABIC_SCRIPT.test(first.word);
  const keys = tokens.map((t) => wordKey(t.word));
  if (clitics && first.word.startsWith("ال") && first.word.length - 2 >= MIN_STEM_AFTER_ARTICLE) {
    keys[0] = first.word.slice(2);
  }
  const gaps = tokens.slice(1).map((t, k) => folded.slice(tokens[k]?.end ?? t.start, t.start));
  return { term, order, keys, gaps, lead: folded.slice(0, first.start), trail: folded.slice(last.end), clitics };
}

/** The keys a segment word can stand for as a term's first word, with the clitic length each strips. */
function firstWordCandidates(token: Token, arabic: boolean): Array<{ key: string; prefix: number }> {
  const out = [{ key: wordKey(token.word), prefix: 0 }];
  if (arabic && ARABIC_SCRIPT.test(token.word)) {
    for (let p = 1; p <= 4 && token.word.length - p >= MIN_STEM_AFTER_CLITIC; p++) {
      if (ARABIC_PREFIX.test(token.word.slice(0, p))) {
        out.push({ key: token.word.slice(p), prefix: p });
      }
    }
  }
  return out;
}

/**
 * Finds every occurrence of the glossary's terms in a segment, for highlighting them in the
 * translation editor and checking renderings. Matching is on folded text (see `normalizeTerm`),
 * ignores segment placeholders (`{1}`, `{/1}`, `{2/}`) but reports offsets in `source`, and
 * needs whole words: Latin and Cyrillic case-insensitively, Russian by stem; in an Arabic
 * source the first word may carry clitics (و ف ب ك ل ال وال بال لل…), so "بالمستشفى" finds
 * "مستشفى", and a term's own article is optional ("المستشفى" finds "مستشفى"). Where matches
 * overlap, the longest wins, so "الدفاع المدني" beats "الدفاع". Results are in source order.
 */
export function findTermsInSegment(terms: GlossaryTerm[], source: string, sourceLang: string): TermMatch[] {
  const byFirstKey = new Map<string, CompiledTerm[]>();
  terms.forEach((term, order) => {
    const c = compile(term, order, sourceLang);
    const key = c?.keys[0];
    if (c && key !== undefined) {
      byFirstKey.set(key, [...(byFirstKey.get(key) ?? []), c]);
    }
  });
  const folded = foldText(source, sourceLang);
  const text = folded.text;
  const tokens = tokenize(text);
  const keys = tokens.map((t) => wordKey(t.word));
  const arabic = sourceLang === "ar";

  const found: Array<{ c: CompiledTerm; start: number; end: number }> = [];
  tokens.forEach((token, i) => {
    for (const { key, prefix } of firstWordCandidates(token, arabic)) {
      for (const c of byFirstKey.get(key) ?? []) {
        if (prefix > 0 && !c.clitics) {
          continue;
        }
        const end = matchRest(c, tokens, keys, text, i);
        if (end !== null && (c.lead === "" || (prefix === 0 && text.slice(token.start - c.lead.length, token.start) === c.lead))) {
          found.push({ c, start: token.start - (prefix === 0 ? c.lead.length : 0), end });
        }
      }
    }
  });

  // Longest first (then leftmost, then glossary order); keep those that overlap nothing kept.
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.c.order - b.c.order);
  const kept: typeof found = [];
  for (const f of found) {
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) {
      kept.push(f);
    }
  }
  kept.sort((a, b) => a.start - b.start);
  return kept.map((f) => {
    const start = folded.from[f.start] ?? 0;
    const end = folded.to[f.end - 1] ?? source.length;
    return { term: f.c.term, start, end, text: source.slice(start, end) };
  });
}

/** Checks the term's remaining words after token `i`; returns the folded end offset of the match. */
function matchRest(c: CompiledTerm, tokens: Token[], keys: string[], text: string, i: number): number | null {
  let prev = tokens[i];
  if (!prev) {
    return null;
  }
  for (let k = 1; k < c.keys.length; k++) {
    const next = tokens[i + k];
    if (!next || keys[i + k] !== c.keys[k] || text.slice(prev.end, next.start) !== c.gaps[k - 1]) {
      return null;
    }
    prev = next;
  }
  if (text.slice(prev.end, prev.end + c.trail.length) !== c.trail) {
    return null;
  }
  return prev.end + c.trail.length;
}
