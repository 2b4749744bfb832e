/** UTF-8 byte order mark: without it, Excel reads a CSV file as ANSI and garbles Arabic. */
export const CSV_BOM = "\uFEFF";

/** Characters that make spreadsheets read a cell as a formula (OWASP "CSV injection"), plus tab and CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): a cell that a spreadsheet would run as a formula gets a leading
 * apostrophe, and a field holding a comma, quote or line break is quoted with quotes doubled.
 */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record, ended by CRLF as RFC 4180 says. */
export function csvRow(values: string[]): string {
  return values.map(csvField).join(",") + "\r\n";
}
