// What search reads from other modules, through their public surfaces.
export { groupsByIds, type GroupSummary } from "../groups";
export { statementsByIds, type StatementListItem } from "../statements";
export const LISTED_STATUSES_FOR_SEARCH: string[] = ["vouched", "verified"];
