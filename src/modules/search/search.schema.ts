/** The search index: one row per document and language, text already normalised. */
export interface SearchDocsTable {
  ref_type: string;
  ref_id: string;
  lang: string;
  norm: string;
}

export interface SearchTables {
  search_docs: SearchDocsTable;
}
