// Byte helpers shared by the signing formats. Internal to this folder: not exported from index.ts.
import { Buffer } from "node:buffer";

const textEncoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 bytes of a string, or the bytes themselves. Messages may arrive as either. */
export function toBytes(message: Uint8Array | string): Uint8Array {
  return typeof message === "string" ? textEncoder.encode(message) : message;
}

/** Strict UTF-8 decoding: null instead of U+FFFD replacement, so malformed input is detected rather than silently altered. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** A plain Uint8Array copy, so callers never hold a pooled Buffer slice and `toEqual` compares like with like. */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Equality of public values (keys, key ids); not constant-time, which is fine because nothing secret is compared. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64");
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Standard (RFC 4648 §4) base64 with padding, decoded strictly. Node's own decoder skips invalid characters and
 * ignores missing padding; for signatures and keys we want a single canonical encoding so that a modified string is
 * never "the same" value. Returns null when the text is not canonical base64.
 */
export function fromBase64Strict(text: string): Uint8Array | null {
  if (!BASE64.test(text)) {
    return null;
  }
  const bytes = Buffer.from(text, "base64");
  // Rejects non-zero padding bits (e.g. "AB==" vs "AA=="), which the regular expression cannot see.
  return bytes.toString("base64") === text ? plainBytes(bytes) : null;
}

/** Unpadded base64url, decoded strictly (canonical form only). Returns null on anything else. */
export function fromBase64UrlStrict(text: string): Uint8Array | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    return null;
  }
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? plainBytes(bytes) : null;
}

/** The SSH wire "string" (RFC 4251 §5): uint32 big-endian length followed by the bytes. */
export function sshString(data: Uint8Array | string): Uint8Array {
  const bytes = toBytes(data);
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

/** Sequential reader for SSH wire encodings. Every read returns null past the end instead of throwing. */
export class SshReader {
  private offset = 0;

  constructor(private readonly data: Uint8Array) {}

  get done(): boolean {
    return this.offset === this.data.length;
  }

  bytes(n: number): Uint8Array | null {
    if (n < 0 || this.offset + n > this.data.length) {
      return null;
    }
    const out = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  uint32(): number | null {
    const b = this.bytes(4);
    return b === null ? null : new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
  }

  string(): Uint8Array | null {
    const length = this.uint32();
    return length === null ? null : this.bytes(length);
  }

  /** A string field that must be valid UTF-8 text (key types, namespaces, algorithm names). */
  text(): string | null {
    const b = this.string();
    return b === null ? null : decodeUtf8(b);
  }
}
