// Public surface of the translation memory.
export { normalizeForTm, similarity, levenshtein, wordDiff, toSadaLang, sourceKey } from "./memory.model";
export type { NewTmUnit, TmMatch, TmOrigin, DiffPart } from "./memory.model";
export { addUnits } from "./memory.repo";
export { findMatches, type FindMatchesInput } from "./memory.queries";
export { importTmx, exportTmx, type TmxImportError, type TmxImportSummary } from "./tmx.service";
