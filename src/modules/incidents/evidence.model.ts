/** Evidence files Sada keeps, and how they are recognised: by their first bytes, never by name. */
export const EVIDENCE_TYPES = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
  "application/warc": "warc",
  "video/mp4": "mp4",
  /** An archived web page fetched by "archive now": whatever the server sent. */
  "application/octet-stream": "bin",
} as const;
export type EvidenceMime = keyof typeof EVIDENCE_TYPES;

/**
 * The largest evidence file kept when no limit is given; the app passes SADA_UPLOAD_MAX_BYTES
 * (config.uploadMaxBytes), the same limit its upload routes accept.
 */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, sig: number[], offset = 0) => sig.every((b, i) => bytes[offset + i] === b);
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/**
 * The type of an uploaded file from its magic number, or null when it is not one we accept.
 * The name and the browser's Content-Type are ignored: both are the uploader's to choose.
 */
export function detectEvidenceType(bytes: Uint8Array): Exclude<EvidenceMime, "application/octet-stream"> | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return "image/jpeg";
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return "image/png";
  }
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) {
    return "image/webp";
  }
  if (startsWith(bytes, ascii("%PDF-"))) {
    return "application/pdf";
  }
  if (startsWith(bytes, ascii("WARC/1."))) {
    return "application/warc";
  }
  if (startsWith(bytes, ascii("ftyp"), 4)) {
    return "video/mp4";
  }
  return null;
}

/** Lower-case hex SHA-256, the name of an evidence file. */
export function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
