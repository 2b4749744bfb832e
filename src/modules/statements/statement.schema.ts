/** Rows owned by the statements module. */
export interface StatementsTable {
  id: string;
  group_id: string;
  kind: string;
  lang: string;
  status: string;
  current_revision: number;
  current_hash: string;
  title: string;
  created_by: string | null;
  published_at: string;
  updated_at: string;
}

export interface StatementRevisionsTable {
  statement_id: string;
  number: number;
  kind: string;
  lang: string;
  title: string;
  body: string;
  retraction_reason: string | null;
  prev_hash: string | null;
  hash: string;
  canonical: string;
  author_id: string | null;
  created_at: string;
}

export interface StatementsTables {
  statements: StatementsTable;
  statement_revisions: StatementRevisionsTable;
}
