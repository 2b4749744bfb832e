import { z } from "zod";
import { GROUP_KINDS } from "../groups/group.model";
import { PLACE_CODES } from "../places/gazetteer";
import { STATEMENT_KINDS } from "../statements/statement.model";
import { discussionFederationRecords } from "./discussion-federation.records";
import { incidentRecords } from "./incidents.records";
import { EXPORT_FORMAT, EXPORTED_GROUP_STATUSES, READABLE_VERSIONS, RECORD_TYPES, VERSION_1_TYPES } from "./portability.model";

// One strict schema per record type of the export (docs/data.md). Unknown fields are errors:
// an importer that silently dropped them would not restore the instance exactly.

/** Row ids are lower-case ASCII (random base32 ids, hex hashes): the same order on every database. */
const id = z.string().regex(/^[0-9a-z]{1,64}$/, "must be 1–64 characters from 0-9 a-z");
const handle = z.string().regex(/^[a-z0-9_-]{3,32}$/, "must be a handle (3–32 characters from a-z 0-9 _ -)");
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/, "must be an ISO 8601 UTC time");
const lang = z.string().regex(/^[a-z]{2,3}$/, "must be a language code");
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 hex digits");
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const positive = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const text = z.string();
const groupStatus = z.enum(["pending", ...EXPORTED_GROUP_STATUSES]);

export const headerRecord = z.strictObject({
  type: z.literal("header"),
  format: z.literal(EXPORT_FORMAT),
  version: z.union(READABLE_VERSIONS.map((v) => z.literal(v))),
  log_origin: z.string().min(1).nullable(),
});

export const endRecord = z.strictObject({
  type: z.literal("end"),
  // Types newer than version 1 are absent from a version 1 file's counts (the importer requires them in newer files).
  counts: z.strictObject(
    Object.fromEntries(RECORD_TYPES.map((t) => [t, VERSION_1_TYPES.includes(t) ? count : count.optional()])) as Record<
      (typeof RECORD_TYPES)[number],
      z.ZodOptional<typeof count>
    >,
  ),
});

const records = [
  z.strictObject({ type: z.literal("user"), handle, created_at: time }),
  z.strictObject({
    type: z.literal("group"),
    id,
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, "must be a slug"),
    kind: z.enum(GROUP_KINDS),
    status: z.enum(EXPORTED_GROUP_STATUSES),
    default_lang: lang,
    contact: text,
    proposed_by: handle.nullable(),
    version: positive,
    created_at: time,
    updated_at: time,
  }),
  z.strictObject({ type: z.literal("group_profile"), group_id: id, lang, name: text, description: text }),
  z.strictObject({ type: z.literal("group_place"), group_id: id, place_code: z.enum(PLACE_CODES) }),
  z.strictObject({ type: z.literal("group_language"), group_id: id, lang }),
  z.strictObject({
    type: z.literal("group_support_channel"),
    id,
    group_id: id,
    lang,
    label: text,
    url: text.nullable(),
    instructions: text.nullable(),
    position: count,
  }),
  z.strictObject({ type: z.literal("group_need"), id, group_id: id, item: text, priority: z.enum(["urgent", "high", "normal"]), updated_at: time }),
  z.strictObject({ type: z.literal("group_vouch"), group_id: id, user: handle, reason: text, created_at: time }),
  z.strictObject({
    type: z.literal("group_status_change"),
    id,
    group_id: id,
    from_status: groupStatus.nullable(),
    to_status: groupStatus,
    actor: handle.nullable(),
    reason: text,
    created_at: time,
  }),
  z.strictObject({
    type: z.literal("signing_key"),
    id,
    group_id: id.nullable(),
    custody: z.enum(["server", "ssh", "minisign"]),
    public_key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes of base64"),
    public_key_text: text.nullable(),
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "must be an SHA256 fingerprint"),
    sealed_private_key: z.null({ error: "must be null: private keys are never exported" }),
    status: z.enum(["active", "rotated", "revoked"]),
    created_at: time,
    created_by: handle.nullable(),
    retired_at: time.nullable(),
    revoked_at: time.nullable(),
    revoked_reason: text.nullable(),
    revoked_by: handle.nullable(),
  }),
  z.strictObject({
    type: z.literal("statement"),
    id,
    group_id: id,
    kind: z.enum(STATEMENT_KINDS),
    lang,
    status: z.enum(["published", "retracted"]),
    current_revision: positive,
    current_hash: hex64,
    title: text,
    created_by: handle.nullable(),
    published_at: time,
    updated_at: time,
  }),
  z.strictObject({
    type: z.literal("statement_revision"),
    statement_id: id,
    number: positive,
    kind: z.enum(["edit", "retraction"]),
    lang,
    title: text,
    body: text,
    retraction_reason: text.nullable(),
    prev_hash: hex64.nullable(),
    hash: hex64,
    canonical: text,
    author: handle.nullable(),
    created_at: time,
  }),
  z.strictObject({
    type: z.literal("revision_signature"),
    statement_id: id,
    number: positive,
    key_id: id,
    format: z.enum(["ed25519", "sshsig", "minisign"]),
    signature: text,
    created_at: time,
  }),
  z.strictObject({
    type: z.literal("translation_target"),
    statement_id: id,
    lang,
    added_by: handle.nullable(),
    created_at: time,
    published_revision: positive.nullable(),
    published_at: time.nullable(),
  }),
  z.strictObject({ type: z.literal("segment"), id, statement_id: id, lang, source: text, markup: text, created_at: time }),
  z.strictObject({
    type: z.literal("revision_segment"),
    statement_id: id,
    revision: positive,
    position: count,
    segment_id: id,
    block: count,
    block_kind: z.string().regex(/^[a-z0-9_]{1,32}$/, "must be a block kind"),
  }),
  z.strictObject({
    type: z.literal("segment_translation"),
    segment_id: id,
    lang,
    text,
    status: z.literal("approved"),
    version: positive,
    translator: handle.nullable(),
    reviewer: handle.nullable(),
    updated_at: time,
  }),
  z.strictObject({
    type: z.literal("translation_publication"),
    statement_id: id,
    lang,
    number: positive,
    source_revision: positive,
    canonical: text,
    hash: hex64,
    key_id: id,
    signature: text,
    created_at: time,
  }),
  z.strictObject({ type: z.literal("log_entry"), idx: count, entry: text, leaf_hash: hex64, subject: text.nullable(), created_at: time }),
  z.strictObject({ type: z.literal("log_checkpoint"), size: count, root_hash: hex64, note: text, created_at: time }),
  ...incidentRecords,
  ...discussionFederationRecords,
] as const;

/** Any record between the header and the end line. */
export const dataRecord = z.discriminatedUnion("type", records);
export type DataRecord = z.infer<typeof dataRecord>;
export type RecordOf<T extends DataRecord["type"]> = Extract<DataRecord, { type: T }>;

/** The first problem zod found, as "field: message" for a line-numbered report. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) {
    return "invalid record";
  }
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
