import { canonicalJson, type CanonicalValue } from "../../platform/canonical-json";

/** The `format` and `version` of the header line; a reader refuses other values. */
export const EXPORT_FORMAT = "sada-export";
export const EXPORT_VERSION = 2;
/** Versions an importer still reads: version 1 files have no incidents, media or file bytes. */
export const READABLE_VERSIONS = [1, 2] as const;

/** Version 2's record types of incidents, media and file bytes, in file order. */
export const INCIDENT_RECORD_TYPES = [
  "evidence_file",
  "incident_actor",
  "incident",
  "incident_text",
  "incident_casualty",
  "incident_actor_link",
  "incident_source",
  "incident_grade",
  "incident_revision",
  "incident_statement",
  "media",
  "file",
  "file_chunk",
] as const;

/** Version 2's record types of the discussion and the public federation state, in file order. */
export const DISCUSSION_RECORD_TYPES = [
  "discussion_setting",
  "comment",
  "comment_translation",
  "fediverse_following",
  "fediverse_post",
  "fediverse_reactions",
] as const;

/**
 * Every record type, in file order. The order respects foreign keys, so an importer can write
 * each record as it reads it; the same order makes two exports of the same data identical.
 */
export const RECORD_TYPES = [
  "user",
  "group",
  "group_profile",
  "group_place",
  "group_language",
  "group_support_channel",
  "group_need",
  "group_vouch",
  "group_status_change",
  "signing_key",
  "statement",
  "statement_revision",
  "revision_signature",
  // Version 2: incidents, media and file bytes (export-incidents.queries.ts, export-files.ts).
  // Before translation targets: translated documents are statements or incidents.
  ...INCIDENT_RECORD_TYPES,
  "translation_target",
  "segment",
  "revision_segment",
  "segment_translation",
  "translation_publication",
  "log_entry",
  "log_checkpoint",
  // Version 2: the discussion and federation (export-discussion.queries.ts, export-federation.queries.ts).
  ...DISCUSSION_RECORD_TYPES,
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** The record types of a version 1 file; every other type is newer, hence refused in one. */
export const VERSION_1_TYPES: readonly RecordType[] = RECORD_TYPES.filter(
  (t) => !(INCIDENT_RECORD_TYPES as readonly string[]).includes(t) && !(DISCUSSION_RECORD_TYPES as readonly string[]).includes(t),
);

/** Where a record type sits in the file order; each `file` is followed by its `file_chunk` records, so the two share a place. */
export function orderIndex(type: RecordType): number {
  return RECORD_TYPES.indexOf(type === "file_chunk" ? "file" : type);
}

/** Group statuses whose groups are public, hence exported; pending proposals are not. */
export const EXPORTED_GROUP_STATUSES = ["vouched", "verified", "suspended"] as const;

/** The fields of one record, without its `type`. */
export type RecordFields = { [key: string]: CanonicalValue };

/**
 * One line of the export: canonical JSON (keys sorted by code point, no white space, integers
 * only) and a newline. Canonical encoding is what makes the file reproducible byte for byte.
 */
export function recordLine(type: RecordType, fields: RecordFields): string {
  return canonicalJson({ ...fields, type }) + "\n";
}

export function headerLine(logOrigin: string | null): string {
  return canonicalJson({ format: EXPORT_FORMAT, version: EXPORT_VERSION, type: "header", log_origin: logOrigin }) + "\n";
}

export function endLine(counts: Record<RecordType, number>): string {
  return canonicalJson({ type: "end", counts }) + "\n";
}

export function emptyCounts(): Record<RecordType, number> {
  return Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as Record<RecordType, number>;
}

/**
 * Text order by UTF-16 code unit, the same on every database: SQL `ORDER BY` follows the
 * database's collation, which differs between engines for handles like "a-b" and "ab".
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Integers come back as numbers from SQLite and, for BIGINT columns, sometimes as strings from PostgreSQL. */
export function int(value: number | string): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`not an integer: ${String(value)}`);
  }
  return n;
}

export function intOrNull(value: number | string | null): number | null {
  return value === null ? null : int(value);
}
