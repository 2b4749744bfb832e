// Encryption at rest for private signing seeds held by the server on a group's behalf. A database dump alone must not
// yield usable keys: the key-encryption key is derived from a secret that lives only in the server's configuration.
import { Buffer } from "node:buffer";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { fromBase64UrlStrict, plainBytes } from "./bytes";

const VERSION = "v1";
const KEY_LENGTH = 32; // AES-256
const NONCE_LENGTH = 12; // the GCM standard nonce; random nonces are safe far beyond the number of keys Sada will seal
const TAG_LENGTH = 16;
const HKDF_SALT = "sada";

/**
 * Derives a 32-byte key-encryption key from a configured secret with HKDF-SHA256 (RFC 5869), salt "sada" and
 * info = purpose. Distinct purposes (e.g. "group-signing-keys", "instance-signing-key") give independent keys from the
 * same secret, so one leaked derived key does not expose the others.
 */
export function deriveKey(secret: string, purpose: string): Buffer {
  if (secret === "") {
    throw new Error("deriveKey: the secret is empty; configure a long random secret.");
  }
  if (purpose === "") {
    throw new Error("deriveKey: the purpose is empty; name what the key encrypts.");
  }
  return Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, purpose, KEY_LENGTH));
}

function assertKey(key: Uint8Array): void {
  if (key.length !== KEY_LENGTH) {
    throw new Error(`A secret-box key is ${KEY_LENGTH} bytes (use deriveKey), not ${key.length}.`);
  }
}

/**
 * Encrypts with AES-256-GCM under a fresh random 12-byte nonce and returns "v1.<nonce>.<ciphertext‖tag>" (unpadded
 * base64url parts). `aad` is authenticated but not stored: pass the owner's identity (such as the key id) so a sealed
 * value copied onto another row fails to open.
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): string {
  assertKey(key);
  const nonce = randomBytes(NONCE_LENGTH);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${nonce.toString("base64url")}.${body.toString("base64url")}`;
}

/**
 * Decrypts a value produced by {@link seal}. Throws when the value is not in the v1 format, and throws one error for a
 * wrong key, a wrong aad and any modification alike, because GCM authentication cannot tell these cases apart.
 */
export function open(key: Uint8Array, sealed: string, aad: string): Uint8Array {
  assertKey(key);
  const parts = sealed.split(".");
  const nonce = parts.length === 3 && parts[0] === VERSION ? fromBase64UrlStrict(parts[1] ?? "") : null;
  const body = parts.length === 3 ? fromBase64UrlStrict(parts[2] ?? "") : null;
  if (nonce === null || body === null || nonce.length !== NONCE_LENGTH || body.length < TAG_LENGTH) {
    throw new Error(`Cannot open sealed value: it is not in the "${VERSION}.<nonce>.<ciphertext>" format.`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_LENGTH });
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(body.subarray(body.length - TAG_LENGTH));
  try {
    return plainBytes(Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_LENGTH)), decipher.final()]));
  } catch {
    throw new Error("Cannot open sealed value: it was modified, belongs to a different owner (aad), or was sealed with a different key.");
  }
}
