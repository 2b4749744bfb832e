// Image re-encoding with sharp (libvips). The upload is decoded once, turned upright, converted to
// sRGB, and encoded afresh at each size and format. sharp writes no metadata unless asked
// (withMetadata, keepExif, keepIccProfile… are never called here), so EXIF with GPS, XMP, IPTC,
// ICC profiles, maker notes, embedded thumbnails and PNG text chunks are all left behind.
import { createHash } from "node:crypto";
import sharp, { type OutputInfo, type Sharp } from "sharp";
import { FORMATS, plannedWidths, type MediaVariant } from "./media.model";

/** Decoded pixels allowed per image: ~40 megapixels (a 7200×5400 photo); bombs declaring more are refused before decoding. */
export const MAX_PIXELS = 40_000_000;

export type ProcessError = { type: "too-many-pixels" } | { type: "undecodable" };

export interface ProcessedImage {
  width: number;
  height: number;
  /** SHA-256 of the largest JPEG: the public name of the image. */
  publicHash: string;
  variants: (MediaVariant & { data: Buffer })[];
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function encode(pipeline: Sharp, ext: (typeof FORMATS)[number]["ext"]): Sharp {
  switch (ext) {
    case "avif":
      return pipeline.avif({ quality: 55, effort: 2 });
    case "webp":
      return pipeline.webp({ quality: 78 });
    default:
      return pipeline.flatten({ background: "#ffffff" }).jpeg({ quality: 82, mozjpeg: true });
  }
}

/** At most this many images are decoded at once per process: a 40-megapixel image takes ~160 MB as pixels. */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** How many images are being decoded and how many wait (for tests and diagnostics). */
export function imageJobs(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) {
      next(); // the slot passes on directly
    } else {
      running--;
    }
  }
}

/**
 * Re-encodes an uploaded image into every served variant. Fails cleanly (no exception) on images
 * that declare more than `maxPixels` or that libvips cannot decode.
 */
type Processed = { ok: true; value: ProcessedImage } | { ok: false; error: ProcessError };

export function processImage(bytes: Uint8Array, maxPixels = MAX_PIXELS): Promise<Processed> {
  return withSlot(() => processNow(bytes, maxPixels));
}

async function processNow(bytes: Uint8Array, maxPixels: number): Promise<Processed> {
  // animated: false keeps only the first frame of a GIF or WebP; failOn "error" refuses damaged files.
  const input = { limitInputPixels: maxPixels, failOn: "error" as const, animated: false, sequentialRead: true };
  let master: { data: Buffer; info: OutputInfo };
  try {
    const meta = await sharp(bytes, input).metadata();
    if ((meta.width ?? 0) * (meta.height ?? 0) > maxPixels) {
      return { ok: false, error: { type: "too-many-pixels" } };
    }
    // Upright (EXIF orientation applied), in sRGB, as bare pixels: from here on nothing of the file is left.
    master = await sharp(bytes, input).autoOrient().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : "";
    return { ok: false, error: { type: /pixel limit/i.test(message) ? "too-many-pixels" : "undecodable" } };
  }
  const { width, height, channels } = master.info;
  const raw = { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } };
  const variants: ProcessedImage["variants"] = [];
  for (const w of plannedWidths(width)) {
    for (const format of FORMATS) {
      const { data, info } = await encode(sharp(master.data, raw).resize({ width: w, withoutEnlargement: true }), format.ext).toBuffer({
        resolveWithObject: true,
      });
      variants.push({ name: `w${w}.${format.ext}`, mime: format.mime, width: info.width, height: info.height, bytes: data.length, data });
    }
  }
  const largestJpeg = variants.filter((v) => v.mime === "image/jpeg").at(-1);
  return { ok: true, value: { width, height, publicHash: sha256(largestJpeg?.data ?? master.data), variants } };
}
