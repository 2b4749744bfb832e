// Public surface of the translation module.
export { onRevisionWritten, translationService, type TranslationError } from "./translation.service";
export { publishedPlainTranslations, translationForReader, type PlainTranslation, type ReaderTranslation } from "./translation.reader";
export { coverage, targetsOf, translationQueue, workspaceSegments } from "./translation.queries";
export { translationPermissions, DEFAULT_TARGETS } from "./translation.model";
export { publishedTranslations, type PublishedSegmentRow, type PublishedTranslationRows } from "./published.queries";
