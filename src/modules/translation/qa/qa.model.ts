import { firstNestingError, parsePlaceholders, segmentPlainText, splitSegmentText, type PlaceholderToken } from "../segments";
import { containsPhrase, dntSurface, wordsOf } from "./qa-glossary.model";
import { addedBidiMarks, edgeWhitespace, extractUrls, finalPunctuation, LENGTH_BAND, suspiciousBidiControls, visibleLength } from "./qa-format.model";
import { extractNumbers, multisetMinus } from "./qa-numbers.model";

/**
 * Automatic checks of one translated segment against its source. Blocking issues stop a
 * translation from being saved as translated (they break meaning, markup or safety);
 * warnings are shown to the translator and reviewer.
 */
export const QA_CODES = [
  "empty_target",
  "numbers_differ",
  "placeholder_missing",
  "placeholder_extra",
  "placeholder_misordered",
  "glossary_preferred_missing",
  "glossary_forbidden_used",
  "dnt_altered",
  "identical_to_source",
  "url_changed",
  "length_ratio",
  "whitespace_mismatch",
  "final_punctuation_mismatch",
  "bidi_controls",
  "bidi_marks",
] as const;

export type QaCode = (typeof QA_CODES)[number];

export type QaIssue = { code: QaCode; blocking: boolean; params: Record<string, string | number> };

export type QaGlossaryEntry = { term: string; preferred: string[]; forbidden: string[]; doNotTranslate: boolean };

export type QaInput = { source: string; target: string; sourceLang: string; targetLang: string; glossary: QaGlossaryEntry[] };

/** Whether each code blocks saving. */
export const QA_BLOCKING: Record<QaCode, boolean> = {
  empty_target: true,
  numbers_differ: true,
  placeholder_missing: true,
  placeholder_extra: true,
  placeholder_misordered: true,
  glossary_preferred_missing: false,
  glossary_forbidden_used: true,
  dnt_altered: true,
  identical_to_source: false,
  url_changed: true,
  length_ratio: false,
  whitespace_mismatch: false,
  final_punctuation_mismatch: false,
  bidi_controls: true,
  bidi_marks: false,
};

const NONE = "—";

function issue(code: QaCode, params: Record<string, string | number> = {}): QaIssue {
  return { code, blocking: QA_BLOCKING[code], params };
}

function listOrNone(items: string[], separator = ", "): string {
  return items.length === 0 ? NONE : items.join(separator);
}

function tokenText(token: PlaceholderToken): string {
  return token.type === "open" ? `{${token.id}}` : token.type === "close" ? `{/${token.id}}` : `{${token.id}/}`;
}

/** Placeholders of a text; damaged tags are skipped so the others can still be compared. */
function tokensOf(text: string): { tokens: PlaceholderToken[]; malformedAt: number | null } {
  const parsed = parsePlaceholders(text);
  if (parsed.ok) {
    return { tokens: parsed.value, malformedAt: null };
  }
  const tokens: PlaceholderToken[] = [];
  for (const part of splitSegmentText(text)) {
    if (part.type !== "text") {
      tokens.push({ type: part.type, id: part.id, index: part.index });
    }
  }
  return { tokens, malformedAt: parsed.error.at };
}

function placeholderIssues(source: string, target: string): QaIssue[] {
  const src = tokensOf(source).tokens.map(tokenText);
  const { tokens, malformedAt } = tokensOf(target);
  const tgt = tokens.map(tokenText);
  const issues: QaIssue[] = [];
  const missing = [...new Set(multisetMinus(src, tgt))];
  const extra = [...new Set(multisetMinus(tgt, src))];
  if (missing.length > 0) {
    issues.push(issue("placeholder_missing", { placeholders: missing.join(", ") }));
  }
  if (extra.length > 0) {
    issues.push(issue("placeholder_extra", { placeholders: extra.join(", ") }));
  }
  const nesting = firstNestingError(tokens);
  const at = malformedAt ?? (missing.length === 0 && extra.length === 0 ? nesting : null);
  if (at !== null) {
    issues.push(issue("placeholder_misordered", { position: at + 1 }));
  }
  return issues;
}

function glossaryIssues(input: QaInput, sourcePlain: string, targetPlain: string): { issues: QaIssue[]; dntSurfaces: string[] } {
  const sourceWords = wordsOf(sourcePlain, input.sourceLang);
  const targetWords = wordsOf(targetPlain, input.targetLang);
  const issues: QaIssue[] = [];
  const dntSurfaces: string[] = [];
  for (const entry of input.glossary) {
    if (entry.doNotTranslate) {
      const surface = dntSurface(sourcePlain, entry.term);
      if (surface !== null) {
        dntSurfaces.push(surface);
        if (!targetPlain.includes(surface)) {
          issues.push(issue("dnt_altered", { term: surface }));
        }
      }
      continue;
    }
    const inSource = containsPhrase(sourceWords, entry.term, input.sourceLang, "loose");
    if (inSource && entry.preferred.length > 0 && !entry.preferred.some((p) => containsPhrase(targetWords, p, input.targetLang, "loose"))) {
      issues.push(issue("glossary_preferred_missing", { term: entry.term, preferred: entry.preferred.join(" / ") }));
    }
    for (const forbidden of entry.forbidden) {
      if (containsPhrase(targetWords, forbidden, input.targetLang, "strict")) {
        issues.push(issue("glossary_forbidden_used", { term: entry.term, forbidden }));
      }
    }
  }
  return { issues, dntSurfaces };
}

/** Whether the text has words to translate once numbers, URLs, DNT terms and markup are gone. */
function hasTranslatableWords(plain: string, dntSurfaces: string[]): boolean {
  let rest = plain;
  for (const url of extractUrls(plain)) {
    rest = rest.split(url).join(" ");
  }
  for (const surface of dntSurfaces) {
    rest = rest.split(surface).join(" ");
  }
  return /\p{L}/u.test(rest);
}

function formIssues(input: QaInput, sourcePlain: string, targetPlain: string): QaIssue[] {
  const issues: QaIssue[] = [];
  const sourceUrls = extractUrls(sourcePlain);
  const targetUrls = extractUrls(targetPlain);
  const missingUrls = multisetMinus(sourceUrls, targetUrls);
  const extraUrls = multisetMinus(targetUrls, sourceUrls);
  if (missingUrls.length > 0 || extraUrls.length > 0) {
    issues.push(issue("url_changed", { missing: listOrNone(missingUrls, " "), extra: listOrNone(extraUrls, " ") }));
  }
  const sourceLength = visibleLength(sourcePlain);
  if (sourceLength >= LENGTH_BAND.minSourceLength) {
    const ratio = visibleLength(targetPlain) / sourceLength;
    if (ratio < LENGTH_BAND.min || ratio > LENGTH_BAND.max) {
      issues.push(issue("length_ratio", { ratio: Math.round(ratio * 100) / 100, min: LENGTH_BAND.min, max: LENGTH_BAND.max }));
    }
  }
  const sourceEdges = edgeWhitespace(input.source);
  const targetEdges = edgeWhitespace(input.target);
  if (sourceEdges.leading !== targetEdges.leading) {
    issues.push(issue("whitespace_mismatch", { edge: "leading" }));
  }
  if (sourceEdges.trailing !== targetEdges.trailing) {
    issues.push(issue("whitespace_mismatch", { edge: "trailing" }));
  }
  const expected = finalPunctuation(sourcePlain);
  const found = finalPunctuation(targetPlain);
  if (expected.kind !== "none" && expected.kind !== found.kind) {
    issues.push(issue("final_punctuation_mismatch", { expected: expected.mark, found: found.kind === "none" ? "none" : found.mark }));
  }
  const controls = suspiciousBidiControls(input.source, input.target);
  if (controls.length > 0) {
    issues.push(issue("bidi_controls", { controls: controls.join(", ") }));
  }
  const marks = addedBidiMarks(input.source, input.target);
  if (marks.length > 0) {
    issues.push(issue("bidi_marks", { marks: marks.join(", ") }));
  }
  return issues;
}

/**
 * Runs every check on one segment translation. `source` and `target` are in the segment text
 * format (placeholders, doubled braces). Pure and fast enough to run on every keystroke save.
 */
export function runQaChecks(input: QaInput): QaIssue[] {
  if (input.target.trim() === "") {
    return [issue("empty_target")];
  }
  const sourcePlain = segmentPlainText(input.source);
  const targetPlain = segmentPlainText(input.target);
  const issues: QaIssue[] = [];
  if (targetPlain.trim() === "" && sourcePlain.trim() !== "") {
    issues.push(issue("empty_target"));
  }
  const sourceNumbers = extractNumbers(sourcePlain, input.sourceLang);
  const targetNumbers = extractNumbers(targetPlain, input.targetLang);
  const missingNumbers = multisetMinus(sourceNumbers, targetNumbers);
  const extraNumbers = multisetMinus(targetNumbers, sourceNumbers);
  if (missingNumbers.length > 0 || extraNumbers.length > 0) {
    issues.push(issue("numbers_differ", { missing: listOrNone(missingNumbers), extra: listOrNone(extraNumbers) }));
  }
  issues.push(...placeholderIssues(input.source, input.target));
  const glossary = glossaryIssues(input, sourcePlain, targetPlain);
  issues.push(...glossary.issues);
  const same = sourcePlain.replace(/\s+/gu, " ").trim() === targetPlain.replace(/\s+/gu, " ").trim();
  if (same && hasTranslatableWords(sourcePlain, glossary.dntSurfaces)) {
    issues.push(issue("identical_to_source"));
  }
  issues.push(...formIssues(input, sourcePlain, targetPlain));
  return issues;
}
