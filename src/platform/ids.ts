import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

/**
 * Random, URL-safe identifiers (80 bits) for rows that appear in public URLs.
 * Random rather than sequential so that URLs reveal nothing about volume or order.
 */
export function newId(): string {
  const bytes = randomBytes(16);
  let out = "";
  for (let i = 0; i < 16; i++) {
    out += ALPHABET[(bytes[i] ?? 0) % 32];
  }
  return out;
}

/** A secret token for cookies and API tokens (256 bits, base64url). */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}
