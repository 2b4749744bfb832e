/** Rows owned by the translation module (segments, translations, memory, glossary). */
export interface SegmentsTable {
  id: string;
  /** The translated document: a statement's or an incident's id (see `translatable_documents`). */
  statement_id: string;
  lang: string;
  /** Source text with inline markup as numbered placeholders: {1}text{/1}, {2/} for a lone one. */
  source: string;
  /** JSON array describing each placeholder: [{"id":1,"kind":"em"},{"id":2,"kind":"link","href":"https://…"}]. */
  markup: string;
  created_at: string;
}

export interface RevisionSegmentsTable {
  statement_id: string;
  revision: number;
  position: number;
  segment_id: string;
  /** Index of the Markdown block the segment belongs to. */
  block: number;
  /** title | paragraph | heading1…heading6 | list_item | ordered_item | quote */
  block_kind: string;
}

export interface TranslationTargetsTable {
  statement_id: string;
  lang: string;
  added_by: string | null;
  created_at: string;
  claimed_by: string | null;
  claim_expires_at: string | null;
  published_revision: number | null;
  published_at: string | null;
}

export interface SegmentTranslationsTable {
  segment_id: string;
  lang: string;
  text: string;
  /** untranslated | draft | translated | approved | rejected */
  status: string;
  /** The text as last approved: what readers see, even while someone reworks the segment. */
  approved_text: string | null;
  version: number;
  machine: number;
  translator_id: string | null;
  reviewer_id: string | null;
  comment: string | null;
  updated_at: string;
}

export interface TranslatorPairsTable {
  user_id: string;
  source_lang: string;
  target_lang: string;
}

export interface TmUnitsTable {
  id: import("kysely").Generated<number>;
  source_lang: string;
  target_lang: string;
  source: string;
  target: string;
  source_norm: string;
  /** SHA-256 of pair, source and target: makes imports idempotent. */
  unit_hash: string;
  /** SHA-256 of pair and normalised source: exact matches without scanning. See `sourceKey`. */
  source_key: string;
  context: string | null;
  statement_id: string | null;
  group_id: string | null;
  translator: string | null;
  /** approved | tmx-import */
  origin: string;
  created_at: string;
}

export interface GlossaryTermsTable {
  id: string;
  source_lang: string;
  target_lang: string;
  term: string;
  term_norm: string;
  /** JSON array of strings. */
  preferred: string;
  /** JSON array of strings. */
  forbidden: string;
  do_not_translate: number;
  note: string;
  updated_at: string;
}

/**
 * A view over what the workflow translates: statements, and incidents (their original title and
 * narrative). `current_revision` is the statement's revision or the incident's version.
 */
export interface TranslatableDocumentsView {
  id: string;
  document: "statement" | "incident";
  /** The statement's kind (statement, appeal…) or the incident's type. */
  kind: string;
  lang: string;
  title: string;
  current_revision: number;
  status: string;
  group_id: string | null;
  published_at: string;
}

export interface TranslationTables {
  translatable_documents: TranslatableDocumentsView;
  segments: SegmentsTable;
  revision_segments: RevisionSegmentsTable;
  translation_targets: TranslationTargetsTable;
  segment_translations: SegmentTranslationsTable;
  translator_pairs: TranslatorPairsTable;
  tm_units: TmUnitsTable;
  glossary_terms: GlossaryTermsTable;
}
