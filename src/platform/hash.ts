import { createHash, timingSafeEqual } from "node:crypto";

/** SHA-256 of a UTF-8 string as lower-case hex. Used for stored token hashes and content hashes. */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash("sha256").update(input).digest("hex");
}

/** Constant-time comparison of two strings, so secrets cannot be guessed byte by byte. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
