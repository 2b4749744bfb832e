// Public surface of translation/xliff: pure XLIFF 2.1 export and import of one statement
// revision in one target language. No database access; the translation service stores results.
export { exportXliff } from "./xliff.export";
export { parseXliff } from "./xliff.import";
export { describeXliffError } from "./xliff.model";
export type { SegmentState, XliffError, XliffExportDoc, XliffExportSegment, XliffImport, XliffImportUnit } from "./xliff.model";
export { escapeSegmentText, tokenizeSegmentText } from "./segment-text.model";
export type { Markup, MarkupKind, TextToken } from "./segment-text.model";
