// Encryption of kept originals (evidence): AES-256-GCM over the whole file, in memory (files are
// at most SADA_UPLOAD_MAX_BYTES), under a key derived from the instance secret for this purpose
// only. The media id is authenticated data, so a file copied onto another row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveKey } from "../provenance/signing/secret-box";

const MAGIC = Buffer.from("SMO1", "latin1");
const NONCE = 12;
const TAG = 16;

export function originalsKey(secret: string): Buffer {
  return deriveKey(secret, "media-originals");
}

/** "SMO1" ‖ nonce ‖ ciphertext ‖ tag. */
export function encryptOriginal(key: Uint8Array, plaintext: Uint8Array, mediaId: string): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG });
  cipher.setAAD(Buffer.from(mediaId, "utf8"));
  return Buffer.concat([MAGIC, nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Throws when the file was modified, belongs to another media id, or was sealed under another secret. */
export function decryptOriginal(key: Uint8Array, sealed: Uint8Array, mediaId: string): Buffer {
  const buf = Buffer.from(sealed);
  if (buf.length < MAGIC.length + NONCE + TAG || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error("Cannot open original: not an SMO1 file.");
  }
  const nonce = buf.subarray(MAGIC.length, MAGIC.length + NONCE);
  const body = buf.subarray(MAGIC.length + NONCE, buf.length - TAG);
  const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG });
  decipher.setAAD(Buffer.from(mediaId, "utf8"));
  decipher.setAuthTag(buf.subarray(buf.length - TAG));
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new Error("Cannot open original: modified, moved to another media id, or sealed under another secret.");
  }
}
