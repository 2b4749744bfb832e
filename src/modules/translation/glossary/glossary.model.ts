import { hasRole, type Viewer } from "../../accounts/account.model";
import type { GlossaryTermsTable } from "../translation.schema";
import { foldText } from "./glossary.normalize";

/** One glossary entry: how a source term must (and must not) be rendered in one language pair. */
export interface GlossaryTerm {
  id: string;
  sourceLang: string;
  targetLang: string;
  term: string;
  /** Approved renderings, best first. Empty only for a do-not-translate term. */
  preferred: string[];
  /** Renderings translators must not use. */
  forbidden: string[];
  /** Keep the term as it is (names of places, groups, people). */
  doNotTranslate: boolean;
  /** Guidance for translators; empty when there is none. */
  note: string;
  updatedAt: string;
}

/** At most this many preferred and this many forbidden renderings per term. */
export const MAX_RENDERINGS = 10;

/**
 * The key that makes a term unique within its pair (`term_norm`), so "مُستشفى" and "مستشفى",
 * or "Nexweşxane" and "NEXWEŞXANE", are one entry: NFC, lower case (Turkish rules for tr),
 * Arabic letters unified as search does (no harakat or tatweel, one alef, ى→ي, ة→ه), Persian
 * and Kurdish ی ک ھ unified with their Arabic twins, Latin digits, whitespace collapsed.
 * It uses the same folding as `findTermsInSegment`, so the two never disagree.
 */
export function normalizeTerm(text: string, lang: string): string {
  return foldText(text, lang).text.trim();
}

/**
 * The glossary binds every translator of a pair, so only people trusted to review translations
 * (reviewers, editors, admins) may change it; translators read it.
 */
export const glossaryPermissions = {
  edit: (viewer: Viewer | null): boolean => hasRole(viewer, "reviewer"),
};

/** Reads a JSON array of strings as stored in `preferred`/`forbidden`; anything else is empty. */
export function parseStringList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/** The domain view of a stored row. */
export function termFromRow(row: GlossaryTermsTable): GlossaryTerm {
  return {
    id: row.id,
    sourceLang: row.source_lang,
    targetLang: row.target_lang,
    term: row.term,
    preferred: parseStringList(row.preferred),
    forbidden: parseStringList(row.forbidden),
    doNotTranslate: Number(row.do_not_translate) === 1,
    note: row.note,
    updatedAt: row.updated_at,
  };
}

/**
 * Orders terms as a reader of the source language expects (Arabic, Cyrillic and Latin
 * collation differ), the same on SQLite and PostgreSQL, whose own collations disagree.
 */
export function sortTerms(terms: GlossaryTerm[], sourceLang: string): GlossaryTerm[] {
  const collator = new Intl.Collator(sourceLang, { sensitivity: "base" });
  return [...terms].sort((a, b) => collator.compare(a.term, b.term) || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0) || (a.id < b.id ? -1 : 1));
}
