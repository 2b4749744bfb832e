// File bytes in the export (format version 2): every evidence file and every media variant a
// reader can download, as a `file` record followed by `file_chunk` records of at most 1 MiB
// each, base64. Files are read a chunk at a time (evidence) or one variant at a time (media), so
// memory stays bounded however many files there are.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "../../platform/config";
import type { Db } from "../database";
import { evidenceStore } from "../incidents/evidence.store";
import { variantKey } from "../media/media.model";
import type { MediaStore } from "../media/media.store";
import { publicMedia } from "./export-incidents.queries";
import { keyset, type ExportRecord } from "./export-directory.queries";
import { FILE_CHUNK_BYTES, mediaVariants } from "./incidents.records";
import { compareText, int } from "./portability.model";

/** Where an instance keeps file bytes: the evidence folder and the media store (folder or S3). */
export interface FileAccess {
  /** The data directory: staging files of an import are written under it. */
  dataDir: string;
  evidenceDir: string;
  /** The media store, loaded on first use: its module brings the S3 client, which an instance without media never needs. */
  media(): Promise<MediaStore>;
}

export function fileAccessFor(config: Config): FileAccess {
  let store: Promise<MediaStore> | null = null;
  return {
    dataDir: config.dataDir,
    evidenceDir: evidenceStore(config.dataDir).dir,
    media: () => (store ??= import("../media/media.store").then((m) => m.mediaStoreFor(config))),
  };
}

/**
 * Evidence photos are served to readers only as a copy re-encoded without metadata (their
 * original bytes, which may hold the GPS position, are for editors): their bytes are not in the
 * export, only their metadata.
 */
export function evidenceBytesArePublic(mime: string): boolean {
  return !mime.startsWith("image/");
}

async function sha256OfFile(file: string): Promise<{ sha256: string; size: number } | null> {
  const hash = createHash("sha256");
  let size = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: FILE_CHUNK_BYTES })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      return null;
    }
    throw e;
  }
  return { sha256: hash.digest("hex"), size };
}

function* chunksOf(sha256: string, bytes: Uint8Array): Generator<ExportRecord> {
  for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES) {
    const data = Buffer.from(bytes.buffer, bytes.byteOffset + offset, Math.min(FILE_CHUNK_BYTES, bytes.length - offset)).toString("base64");
    yield ["file_chunk", { sha256, offset, data }];
  }
}

/**
 * The `file` and `file_chunk` records, ordered by store ("evidence" before "media") and key.
 * A file missing from storage, or whose bytes no longer match their hash or recorded size, is
 * left out (an import would refuse it); its metadata record is still exported.
 */
export async function* fileRecords(db: Db, files: FileAccess): AsyncGenerator<ExportRecord> {
  for await (const f of keyset((after: { sha256: string } | null, limit: number) => {
    let q = db.selectFrom("evidence_files").select(["sha256", "mime", "size"]);
    if (after) {
      q = q.where("sha256", ">", after.sha256);
    }
    return q.orderBy("sha256").limit(limit).execute();
  })) {
    if (!evidenceBytesArePublic(f.mime)) {
      continue;
    }
    const file = path.join(files.evidenceDir, f.sha256);
    const actual = await sha256OfFile(file);
    if (!actual || actual.sha256 !== f.sha256 || actual.size !== int(f.size)) {
      continue;
    }
    yield ["file", { store: "evidence", key: f.sha256, sha256: f.sha256, size: actual.size, mime: f.mime }];
    const handle = await fs.promises.open(file, "r");
    try {
      const buffer = Buffer.alloc(FILE_CHUNK_BYTES);
      for (let offset = 0; offset < actual.size; offset += FILE_CHUNK_BYTES) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(FILE_CHUNK_BYTES, actual.size - offset), offset);
        yield ["file_chunk", { sha256: f.sha256, offset, data: buffer.subarray(0, bytesRead).toString("base64") }];
      }
    } finally {
      await handle.close();
    }
  }

  // Several attachments may share one public hash (the same picture twice): its files come once.
  let previous: string | null = null;
  for await (const m of keyset((after: { public_hash: string; id: string } | null, limit: number) => {
    let q = publicMedia(db).select(["media.public_hash", "media.id", "media.variants"]);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("media.public_hash", "media.id"), ">", tuple(after.public_hash, after.id)));
    }
    return q.orderBy("media.public_hash").orderBy("media.id").limit(limit).execute();
  })) {
    if (m.public_hash === previous) {
      continue;
    }
    previous = m.public_hash;
    const variants = mediaVariants(m.variants).sort((a, b) => compareText(a.name, b.name));
    for (const v of variants) {
      const key = variantKey(m.public_hash, v.name);
      const bytes = await (await files.media()).get(key);
      if (!bytes || bytes.length !== v.bytes) {
        continue;
      }
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      yield ["file", { store: "media", key, sha256, size: bytes.length, mime: v.mime }];
      yield* chunksOf(sha256, bytes);
    }
  }
}
