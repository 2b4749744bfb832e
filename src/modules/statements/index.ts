// Public surface of the statements module.
export { statementService, type StatementError } from "./statement.service";
export { getStatement, listStatements, statementsByIds, type StatementListItem, type StatementView, type RevisionView } from "./statement.queries";
export { STATEMENT_KINDS, canonicalForm, revisionHash } from "./statement.model";
export { renderMarkdown, markdownToText } from "./markdown";
