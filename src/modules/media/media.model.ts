// Pure rules of the media module: what a file is (from its bytes, never its name), which sizes an
// image is served in, and how files are named in URLs and headers. No I/O here.

/** Types accepted as images: decoded and re-encoded, so nothing of the upload reaches readers. */
export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/avif", "image/heic", "image/gif"] as const;
export type ImageMime = (typeof IMAGE_TYPES)[number];

/** What the bytes of an upload are. "refused" types can run script in a browser or on a computer. */
export type Detected =
  | { kind: "image"; mime: ImageMime }
  | { kind: "file"; mime: "application/pdf" | "application/octet-stream" }
  | { kind: "refused"; reason: "executable" | "markup" };

const ascii = (s: string) => Array.from(s, (ch) => ch.charCodeAt(0));

function startsWith(bytes: Uint8Array, sig: number[], offset = 0): boolean {
  return bytes.length >= offset + sig.length && sig.every((b, i) => bytes[offset + i] === b);
}

/** Markup a browser would render (and run script in), looked for in the first kilobyte, case-insensitive. */
const MARKUP = /<(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|\?xml|!--|a\s|img\s|div|meta|style|xsl)/i;

/**
 * Detects a file type from its first bytes (magic numbers). Executables (PE, ELF, Mach-O, shell
 * scripts) and markup (HTML, SVG, XML) are refused: SVG and HTML carry script.
 */
export function detectType(bytes: Uint8Array): Detected {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return { kind: "image", mime: "image/jpeg" };
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { kind: "image", mime: "image/png" };
  }
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) {
    return { kind: "image", mime: "image/gif" };
  }
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) {
    return { kind: "image", mime: "image/webp" };
  }
  if (startsWith(bytes, ascii("ftyp"), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (brand === "avif" || brand === "avis") {
      return { kind: "image", mime: "image/avif" };
    }
    if (["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].includes(brand)) {
      return { kind: "image", mime: "image/heic" };
    }
  }
  if (startsWith(bytes, ascii("%PDF-"))) {
    return { kind: "file", mime: "application/pdf" };
  }
  if (
    startsWith(bytes, ascii("MZ")) ||
    startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) ||
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xce]) ||
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xcf]) ||
    startsWith(bytes, [0xce, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe]) ||
    startsWith(bytes, ascii("#!"))
  ) {
    return { kind: "refused", reason: "executable" };
  }
  // Skip a UTF-8/UTF-16 byte-order mark and white space before looking for markup.
  const head = Buffer.from(bytes.subarray(0, 1024))
    .toString("utf8")
    .replace(/\0/g, "")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (MARKUP.test(head.slice(0, 512)) && head.startsWith("<")) {
    return { kind: "refused", reason: "markup" };
  }
  if (/<(?:svg|script|html)[\s>]/i.test(head)) {
    return { kind: "refused", reason: "markup" };
  }
  return { kind: "file", mime: "application/octet-stream" };
}

/** Widths images are served in; the original width is added when smaller than the largest, and nothing is upscaled. */
export const WIDTHS = [480, 960, 1600] as const;
const MAX_WIDTH = 1600;

/** The widths to produce for an image `width` pixels wide: each standard width below it, and the image's own width once. */
export function plannedWidths(width: number): number[] {
  const top = Math.min(width, MAX_WIDTH);
  return [...WIDTHS.filter((w) => w < top), top];
}

/** Output formats, best first: browsers pick the first `<source>` they understand. */
export const FORMATS = [
  { ext: "avif", mime: "image/avif" },
  { ext: "webp", mime: "image/webp" },
  { ext: "jpg", mime: "image/jpeg" },
] as const;

export interface MediaVariant {
  /** URL name of the variant: "w480.avif", … or "file" for documents. */
  name: string;
  mime: string;
  width: number | null;
  height: number | null;
  bytes: number;
}

/** Variant names are short and fixed: a path segment can never climb out of the media folder. */
export function isVariantName(name: string): boolean {
  return /^(?:w\d{1,5}\.(?:avif|webp|jpg)|file)$/.test(name);
}

export function isPublicHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** A `srcset` for one format: "/media/<hash>/w480.webp 480w, …". */
export function srcsetFor(hash: string, variants: MediaVariant[], mime: string): string {
  return variants
    .filter((v) => v.mime === mime && v.width !== null)
    .map((v) => `/media/${hash}/${v.name} ${v.width}w`)
    .join(", ");
}

/**
 * The address of an attachment's download. Documents carry the attachment's id (`?m=`): the same
 * bytes attached by two groups share one stored file, but each download is named as its own
 * group named it. Images are named by their hash alone (they have no name of their own).
 */
export function downloadUrl(item: { id: string; publicHash: string }, variant = "file"): string {
  return variant === "file" ? `/media/${item.publicHash}/file?m=${item.id}` : `/media/${item.publicHash}/${variant}`;
}

/** The download name of a document asked for by its hash alone: no one's upload name. */
export function anonymousFilename(hash: string, mime: string): string {
  return `document-${hash.slice(0, 12)}${mime === "application/pdf" ? ".pdf" : ""}`;
}

/** Keeps a download name readable and harmless: no folders, no control characters, at most 120 characters. */
export function safeFilename(name: string, fallback = "file"): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f"<>:|?*\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/^\.+/, "")
    .trim()
    .slice(0, 120);
  return cleaned === "" ? fallback : cleaned;
}

/** `Content-Disposition: attachment` with an RFC 5987 UTF-8 name and an ASCII fallback. */
export function attachmentDisposition(filename: string): string {
  const safe = safeFilename(filename);
  const asciiName = safe.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"%;]/g, "_");
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

/** The storage key of a served variant. */
export function variantKey(hash: string, name: string): string {
  return `public/${hash}/${name}`;
}

/** The storage key of an encrypted original. */
export function originalKey(mediaId: string): string {
  return `originals/${mediaId}.bin`;
}
