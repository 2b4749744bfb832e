// Public surface of the portability module: open data in and out of an instance.
export { exportLines, estimateExportSize } from "./export.queries";
export { importExport, type ImportError, type ImportSummary } from "./import.service";
export { IMPORTED_PASSWORD_HASH } from "./import.run";
export { directoryCsv, CSV_COLUMNS } from "./directory-csv.queries";
export { RECORD_TYPES, EXPORT_FORMAT, EXPORT_VERSION, type RecordType } from "./portability.model";
