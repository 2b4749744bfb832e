import { z } from "zod";
import { EVIDENCE_TYPES } from "../incidents/evidence.model";
import {
  CASUALTY_CATEGORIES,
  CASUALTY_SUBGROUPS,
  DATE_PRECISIONS,
  GRADES,
  INCIDENT_TYPES,
  INDEPENDENCE,
  SOURCE_KINDS,
  SOURCE_TYPES,
} from "../incidents/incident.model";
import { isPublicHash, isVariantName } from "../media/media.model";
import { PLACE_CODES } from "../places/gazetteer";

// Strict schemas of the version 2 record types: incidents, media and file bytes (docs/data.md).
// The small field types repeat portability.records.ts, which imports this file.

const id = z.string().regex(/^[0-9a-z]{1,64}$/, "must be 1–64 characters from 0-9 a-z");
const handle = z.string().regex(/^[a-z0-9_-]{3,32}$/, "must be a handle (3–32 characters from a-z 0-9 _ -)");
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/, "must be an ISO 8601 UTC time");
const lang = z.string().regex(/^[a-z]{2,3}$/, "must be a language code");
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 hex digits");
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const positive = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const flag = z.union([z.literal(0), z.literal(1)]);
const text = z.string();

/** Bytes of file contents per `file_chunk` record, before base64: one line stays about 1.4 MB. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

/**
 * A coordinate as the decimal text JavaScript writes for the stored number (canonical JSON holds
 * integers only): "36.2021", "-0.5". The text must be exactly what the number prints as, so that
 * the same coordinate is always written the same way.
 */
function coordinate(limit: number) {
  return z.string().refine((s) => {
    const n = Number(s);
    return /^-?\d/.test(s) && Number.isFinite(n) && Math.abs(n) <= limit && String(n) === s;
  }, `must be a number from -${limit} to ${limit} written as decimal text`);
}

/** The served files of a media row, as media.model.ts describes them (`MediaVariant[]`). */
const variants = z.array(
  z.strictObject({
    name: z.string().refine(isVariantName, "must be a variant name"),
    mime: z.string().min(1),
    width: count.nullable(),
    height: count.nullable(),
    bytes: count,
  }),
);

/** A media store key of a served file: public/<public hash>/<variant>. */
export function parseMediaKey(key: string): { hash: string; variant: string } | null {
  const m = /^public\/([0-9a-f]{64})\/([a-z0-9.]{1,16})$/.exec(key);
  return m?.[1] && m[2] && isPublicHash(m[1]) && isVariantName(m[2]) ? { hash: m[1], variant: m[2] } : null;
}

export const incidentRecords = [
  z.strictObject({
    type: z.literal("evidence_file"),
    sha256: hex64,
    mime: z.enum(Object.keys(EVIDENCE_TYPES) as [keyof typeof EVIDENCE_TYPES, ...Array<keyof typeof EVIDENCE_TYPES>]),
    size: count,
    uploaded_by: handle.nullable(),
    created_at: time,
  }),
  z.strictObject({ type: z.literal("incident_actor"), id, name: z.string().min(1), created_by: handle.nullable(), created_at: time }),
  z
    .strictObject({
      type: z.literal("incident"),
      id,
      // The incident's own `type` column: `type` names the record type.
      incident_type: z.enum(INCIDENT_TYPES),
      date_precision: z.enum(DATE_PRECISIONS),
      date_start: z.string().regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?$/, "must be YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
      date_end: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
        .nullable(),
      place_code: z.enum(PLACE_CODES),
      latitude: coordinate(90).nullable(),
      longitude: coordinate(180).nullable(),
      precision_m: count.nullable(),
      coords_public: flag,
      original_lang: lang,
      group_id: id.nullable(),
      grade: z.enum(GRADES).nullable(),
      created_by: handle.nullable(),
      version: positive,
      created_at: time,
      updated_at: time,
    })
    .refine((r) => r.coords_public === 1 || (r.latitude === null && r.longitude === null && r.precision_m === null), {
      message: "must be null: withheld coordinates are never exported",
      path: ["latitude"],
    }),
  z.strictObject({
    type: z.literal("incident_text"),
    incident_id: id,
    lang,
    title: text,
    narrative: text,
    is_original: flag,
    author: handle.nullable(),
    updated_at: time,
  }),
  z.strictObject({
    type: z.literal("incident_casualty"),
    incident_id: id,
    category: z.enum(CASUALTY_CATEGORIES),
    subgroup: z.enum(CASUALTY_SUBGROUPS),
    min: count,
    max: count,
  }),
  z.strictObject({ type: z.literal("incident_actor_link"), incident_id: id, actor_id: id }),
  z.strictObject({
    type: z.literal("incident_source"),
    id,
    incident_id: id,
    kind: z.enum(SOURCE_KINDS),
    source_type: z.enum(SOURCE_TYPES),
    independence: z.enum(INDEPENDENCE),
    statement_id: id.nullable(),
    url: text.nullable(),
    archive_sha256: hex64.nullable(),
    archived_at: time.nullable(),
    media_sha256: hex64.nullable(),
    captured_at: text.nullable(),
    device_notes: text.nullable(),
    description: text,
    added_by: handle.nullable(),
    created_at: time,
  }),
  z.strictObject({
    type: z.literal("incident_grade"),
    id,
    incident_id: id,
    grade: z.enum(GRADES),
    previous_grade: z.enum(GRADES).nullable(),
    rationale: text,
    graded_by: handle.nullable(),
    created_at: time,
    seq: positive,
    revision: positive.nullable(),
  }),
  z.strictObject({
    type: z.literal("incident_revision"),
    incident_id: id,
    revision: positive,
    snapshot: text,
    changed_by: handle.nullable(),
    created_at: time,
  }),
  z.strictObject({ type: z.literal("incident_statement"), incident_id: id, statement_id: id, added_by: handle.nullable(), created_at: time }),
  z.strictObject({
    type: z.literal("media"),
    id,
    owner_kind: z.enum(["statement", "incident"]),
    owner_id: id,
    kind: z.enum(["image", "file"]),
    public_hash: hex64,
    mime: z.string().min(1),
    filename: text,
    alt: text,
    byte_size: count,
    width: count.nullable(),
    height: count.nullable(),
    variants: z.string().refine((s) => {
      try {
        return variants.safeParse(JSON.parse(s)).success;
      } catch {
        return false;
      }
    }, "must be the JSON list of served variants"),
    original_key: z.null({ error: "must be null: kept originals are never exported" }),
    original_sha256: z.null({ error: "must be null: kept originals are never exported" }),
    created_by: handle.nullable(),
    created_at: time,
  }),
  z.strictObject({
    type: z.literal("file"),
    store: z.enum(["evidence", "media"]),
    key: z.string().regex(/^(?:[0-9a-f]{64}|public\/[0-9a-f]{64}\/[a-z0-9.]{1,16})$/, "must be a SHA-256 (evidence) or public/<hash>/<variant> (media)"),
    sha256: hex64,
    size: count,
    mime: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal("file_chunk"),
    sha256: hex64,
    offset: count,
    data: z
      .string()
      .min(1)
      .max(Math.ceil(FILE_CHUNK_BYTES / 3) * 4, "must hold at most 1 MiB")
      .refine((s) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s) && Buffer.from(s, "base64").toString("base64") === s, "must be base64"),
  }),
] as const;

/** The variants of a validated media record. */
export function mediaVariants(json: string): z.infer<typeof variants> {
  return variants.parse(JSON.parse(json));
}
