import type { DbContext } from "../database";
import { groupsByIds, LISTED_STATUSES_FOR_SEARCH, type GroupSummary } from "./search.deps";
import { statementsByIds, type StatementListItem } from "./search.deps";
import { searchDocuments } from "./index";

export interface SearchResults {
  statements: StatementListItem[];
  groups: GroupSummary[];
}

/** Statements and listed groups matching the query, in relevance order. */
export async function search(ctx: DbContext, query: string): Promise<SearchResults> {
  const hits = await searchDocuments(ctx, query, 60);
  const statementIds = hits.filter((h) => h.refType === "statement").map((h) => h.refId);
  const groupIds = hits.filter((h) => h.refType === "group").map((h) => h.refId);
  const [statements, groups] = await Promise.all([statementsByIds(ctx, statementIds), groupsByIds(ctx, groupIds)]);
  const order = (id: string) => hits.findIndex((h) => h.refId === id);
  return {
    statements: statements.sort((a, b) => order(a.id) - order(b.id)),
    groups: groups.filter((g) => LISTED_STATUSES_FOR_SEARCH.includes(g.status)).sort((a, b) => order(a.id) - order(b.id)),
  };
}
