// Attaching photos and documents, and reading them back. Every upload is authorised here, typed
// from its bytes, size-checked, and (for images) re-encoded so no metadata reaches readers.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Config } from "../../platform/config";
import { newId } from "../../platform/ids";
import { err, ok, type Result } from "../../platform/result";
import { resolveSecret } from "../../platform/secret";
import type { Clock } from "../../platform/clock";
import { hasRole, type Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import { canPublishAsGroup, groupPermissions, membershipOf, type GroupStatus } from "../groups";
import { decryptOriginal, encryptOriginal, originalsKey } from "./media.crypto";
import { anonymousFilename, detectType, originalKey, safeFilename, variantKey, type MediaVariant } from "./media.model";
import { MAX_PIXELS, processImage } from "./media.process";
import { mediaStoreFor } from "./media.store";

export type MediaDeps = DbContext & { config: Config; clock: Clock };

export type MediaOwner = { kind: "statement" | "incident"; id: string };

export type MediaError =
  | { type: "not-found" }
  | { type: "forbidden" }
  | { type: "retracted" }
  | { type: "empty" }
  | { type: "too-large"; maxBytes: number }
  | { type: "too-many-pixels"; maxPixels: number }
  | { type: "undecodable" }
  | { type: "heic-unsupported" }
  | { type: "type-refused"; reason: "executable" | "markup" }
  | { type: "invalid"; field: "alt" | "filename" };

export interface MediaItem {
  id: string;
  kind: "image" | "file";
  publicHash: string;
  mime: string;
  filename: string;
  alt: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  variants: MediaVariant[];
  hasOriginal: boolean;
  createdAt: string;
}

/** What a caller may describe an upload with; the bytes themselves are checked separately. */
export const mediaInputSchema = z.object({
  alt: z.string().trim().max(500, "error.media_alt_too_long").default(""),
  filename: z.string().max(1000, "error.media_filename_invalid").default(""),
});

/** Whether the viewer publishes for the group, and the group may publish now (not suspended). */
async function activeMember(deps: MediaDeps, groupId: string, viewer: Viewer | null): Promise<boolean> {
  if (!groupPermissions.publish(await membershipOf(deps, groupId, viewer?.id))) {
    return false;
  }
  const group = await deps.db.selectFrom("groups").select("status").where("id", "=", groupId).executeTakeFirst();
  return group !== undefined && canPublishAsGroup(group.status as GroupStatus);
}

/** May `viewer` attach files to `owner`? Site editors and admins always; else the owner's group members (or the incident's author). */
async function authorise(deps: MediaDeps, viewer: Viewer | null, owner: MediaOwner): Promise<Result<void, MediaError>> {
  if (owner.kind === "statement") {
    const s = await deps.db.selectFrom("statements").select(["group_id", "status"]).where("id", "=", owner.id).executeTakeFirst();
    if (!s) {
      return err({ type: "not-found" });
    }
    const allowed = hasRole(viewer, "editor") || (await activeMember(deps, s.group_id, viewer));
    if (!viewer || !allowed) {
      return err({ type: "forbidden" });
    }
    return s.status === "published" ? ok(undefined) : err({ type: "retracted" });
  }
  const i = await deps.db.selectFrom("incidents").select(["group_id", "created_by"]).where("id", "=", owner.id).executeTakeFirst();
  if (!i) {
    return err({ type: "not-found" });
  }
  const member = i.group_id ? await activeMember(deps, i.group_id, viewer) : false;
  if (!viewer || !(hasRole(viewer, "editor") || member || (i.created_by !== null && i.created_by === viewer.id))) {
    return err({ type: "forbidden" });
  }
  return ok(undefined);
}

const STATEMENT_UPLOAD = /^\/(?:en|ar|ru|api\/v1)\/statements\/([0-9a-z]+)\/media$/;

/**
 * Before an upload's body is read: false when `viewer` may not attach files to the statement
 * named in `path` (so the request can be refused without reading it), true when they may, null
 * when `path` is not a statement upload or the statement does not exist (the route decides).
 */
export async function statementUploadAllowed(deps: MediaDeps, viewer: Viewer | null, path: string): Promise<boolean | null> {
  const id = STATEMENT_UPLOAD.exec(path)?.[1];
  if (id === undefined) {
    return null;
  }
  const allowed = await authorise(deps, viewer, { kind: "statement", id });
  return allowed.ok ? true : allowed.error.type === "forbidden" ? false : null;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Stores one uploaded file for `owner`. Images are re-encoded (all metadata dropped) into several
 * sizes and formats; other files are kept as they are and only ever served as downloads. When
 * SADA_KEEP_ORIGINALS is on, the untouched upload is also kept, encrypted, with its SHA-256.
 * Nothing is stored when any check fails.
 */
export async function storeMedia(
  deps: MediaDeps,
  viewer: Viewer | null,
  input: { owner: MediaOwner; bytes: Uint8Array; filename: string; alt?: string },
): Promise<Result<MediaItem, MediaError>> {
  const allowed = await authorise(deps, viewer, input.owner);
  if (!allowed.ok) {
    return allowed;
  }
  const parsed = mediaInputSchema.safeParse({ alt: input.alt ?? "", filename: input.filename });
  if (!parsed.success) {
    return err({ type: "invalid", field: parsed.error.issues[0]?.path[0] === "filename" ? "filename" : "alt" });
  }
  const { bytes } = input;
  if (bytes.byteLength === 0) {
    return err({ type: "empty" });
  }
  if (bytes.byteLength > deps.config.uploadMaxBytes) {
    return err({ type: "too-large", maxBytes: deps.config.uploadMaxBytes });
  }
  const detected = detectType(bytes);
  if (detected.kind === "refused") {
    return err({ type: "type-refused", reason: detected.reason });
  }
  const store = mediaStoreFor(deps.config);
  const id = newId();
  let row: Omit<MediaItem, "id" | "hasOriginal" | "createdAt" | "alt" | "filename">;
  let filename: string = safeFilename(parsed.data.filename, detected.kind === "image" ? "image" : "file");
  if (detected.kind === "image") {
    const processed = await processImage(bytes, MAX_PIXELS);
    if (!processed.ok) {
      if (processed.error.type === "too-many-pixels") {
        return err({ type: "too-many-pixels", maxPixels: MAX_PIXELS });
      }
      // HEIC (HEVC) is not decoded by the libvips that ships with sharp: say so, rather than "damaged".
      return err(detected.mime === "image/heic" ? { type: "heic-unsupported" } : processed.error);
    }
    const p = processed.value;
    for (const v of p.variants) {
      await store.put(variantKey(p.publicHash, v.name), v.data, v.mime);
    }
    const variants = p.variants.map(({ data: _data, ...v }) => v);
    const largest = variants.filter((v) => v.mime === "image/jpeg").at(-1);
    // The name a phone or computer gave the file (a date, a place, a person) can identify the publisher: not kept.
    filename = "image.jpg";
    row = { kind: "image", publicHash: p.publicHash, mime: "image/jpeg", byteSize: largest?.bytes ?? 0, width: p.width, height: p.height, variants };
  } else {
    const publicHash = sha256(bytes);
    await store.put(variantKey(publicHash, "file"), bytes, detected.mime);
    row = {
      kind: "file",
      publicHash,
      mime: detected.mime,
      byteSize: bytes.byteLength,
      width: null,
      height: null,
      variants: [{ name: "file", mime: detected.mime, width: null, height: null, bytes: bytes.byteLength }],
    };
  }
  let original: { key: string; sha256: string } | null = null;
  if (deps.config.keepOriginals) {
    original = { key: originalKey(id), sha256: sha256(bytes) };
    await store.put(original.key, encryptOriginal(originalsKey(resolveSecret(deps.config)), bytes, id), "application/octet-stream");
  }
  const createdAt = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .insertInto("media")
      .values({
        id,
        owner_kind: input.owner.kind,
        owner_id: input.owner.id,
        kind: row.kind,
        public_hash: row.publicHash,
        mime: row.mime,
        filename,
        alt: parsed.data.alt,
        byte_size: row.byteSize,
        width: row.width,
        height: row.height,
        variants: JSON.stringify(row.variants),
        original_key: original?.key ?? null,
        original_sha256: original?.sha256 ?? null,
        created_by: viewer?.id ?? null,
        created_at: createdAt,
      })
      .execute();
  });
  return ok({ id, ...row, filename, alt: parsed.data.alt, hasOriginal: original !== null, createdAt });
}

type MediaRow = {
  id: string;
  kind: string;
  public_hash: string;
  mime: string;
  filename: string;
  alt: string;
  byte_size: number;
  width: number | null;
  height: number | null;
  variants: string;
  original_key: string | null;
  created_at: string;
};

function toItem(r: MediaRow): MediaItem {
  return {
    id: r.id,
    kind: r.kind === "image" ? "image" : "file",
    publicHash: r.public_hash,
    mime: r.mime,
    filename: r.filename,
    alt: r.alt,
    byteSize: Number(r.byte_size),
    width: r.width === null ? null : Number(r.width),
    height: r.height === null ? null : Number(r.height),
    variants: JSON.parse(r.variants) as MediaVariant[],
    hasOriginal: r.original_key !== null,
    createdAt: r.created_at,
  };
}

const COLUMNS = ["id", "kind", "public_hash", "mime", "filename", "alt", "byte_size", "width", "height", "variants", "original_key", "created_at"] as const;

/** The files attached to `owner`, oldest first. */
export async function mediaFor(deps: DbContext, owner: MediaOwner): Promise<MediaItem[]> {
  const rows = await deps.db
    .selectFrom("media")
    .select(COLUMNS)
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toItem);
}

/**
 * A served variant: its bytes and how to label them, or null when there is no such file. With
 * `mediaId` (the `?m=` of a document's address) the label is that attachment's, which must have
 * this hash; without it, a document gets a neutral name: identical bytes uploaded by two groups
 * share the stored file, never one group's file name.
 */
export async function publicVariant(
  deps: MediaDeps,
  hash: string,
  name: string,
  mediaId: string | null = null,
): Promise<{ item: MediaItem; variant: MediaVariant; bytes: Uint8Array } | null> {
  if (mediaId !== null && !/^[0-9a-z]{16}$/.test(mediaId)) {
    return null;
  }
  let query = deps.db.selectFrom("media").select(COLUMNS).where("public_hash", "=", hash);
  query = mediaId === null ? query.orderBy("created_at").orderBy("id") : query.where("id", "=", mediaId);
  const row = await query.executeTakeFirst();
  if (!row) {
    return null;
  }
  const found = toItem(row);
  const item = mediaId === null && found.kind === "file" ? { ...found, id: "", filename: anonymousFilename(hash, found.mime), alt: "" } : found;
  const variant = item.variants.find((v) => v.name === name);
  if (!variant) {
    return null;
  }
  const bytes = await mediaStoreFor(deps.config).get(variantKey(hash, name));
  return bytes ? { item, variant, bytes } : null;
}

/** The untouched original, decrypted, for editors and admins only. */
export async function originalFor(
  deps: MediaDeps,
  viewer: Viewer | null,
  id: string,
): Promise<Result<{ bytes: Buffer; sha256: string; filename: string }, { type: "not-found" } | { type: "forbidden" }>> {
  if (!hasRole(viewer, "editor")) {
    return err(viewer ? { type: "forbidden" } : { type: "not-found" });
  }
  const row = await deps.db.selectFrom("media").select(["id", "filename", "original_key", "original_sha256"]).where("id", "=", id).executeTakeFirst();
  if (!row?.original_key || !row.original_sha256) {
    return err({ type: "not-found" });
  }
  const sealed = await mediaStoreFor(deps.config).get(row.original_key);
  if (!sealed) {
    return err({ type: "not-found" });
  }
  const bytes = decryptOriginal(originalsKey(resolveSecret(deps.config)), sealed, row.id);
  if (sha256(bytes) !== row.original_sha256) {
    throw new Error(`media ${row.id}: the original does not match its recorded SHA-256`);
  }
  return ok({ bytes, sha256: row.original_sha256, filename: row.filename });
}

/**
 * Removes an attached file (the same people who may attach files may remove them, also after a
 * retraction). Served variants go from storage unless another attachment shares them; the kept
 * original always goes.
 */
export async function removeMedia(deps: MediaDeps, viewer: Viewer | null, id: string): Promise<Result<{ owner: MediaOwner }, MediaError>> {
  const row = await deps.db
    .selectFrom("media")
    .select(["id", "owner_kind", "owner_id", "public_hash", "variants", "original_key"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) {
    return err({ type: "not-found" });
  }
  const owner: MediaOwner = { kind: row.owner_kind === "incident" ? "incident" : "statement", id: row.owner_id };
  const allowed = await authorise(deps, viewer, owner);
  if (!allowed.ok && allowed.error.type !== "retracted") {
    return allowed;
  }
  const shared = await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("media").where("id", "=", id).execute();
    const other = await tx.selectFrom("media").select("id").where("public_hash", "=", row.public_hash).executeTakeFirst();
    return other !== undefined;
  });
  const store = mediaStoreFor(deps.config);
  if (!shared) {
    for (const v of JSON.parse(row.variants) as MediaVariant[]) {
      await store.delete(variantKey(row.public_hash, v.name));
    }
  }
  if (row.original_key) {
    await store.delete(row.original_key);
  }
  return ok({ owner });
}
