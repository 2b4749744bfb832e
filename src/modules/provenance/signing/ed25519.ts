// Ed25519 (RFC 8032) over raw bytes. node:crypto only speaks KeyObjects, so raw 32-byte keys are wrapped in the fixed
// DER prefixes of PKCS#8 / SubjectPublicKeyInfo (RFC 8410): for Ed25519 those prefixes never vary.
import { Buffer } from "node:buffer";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from "node:crypto";
import { concatBytes, plainBytes, sshString, toBase64 } from "./bytes";

/** Length in bytes of a raw Ed25519 public key, a private seed, and a signature. */
export const ED25519_PUBLIC_KEY_LENGTH = 32;
export const ED25519_SEED_LENGTH = 32;
export const ED25519_SIGNATURE_LENGTH = 64;

const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** The key type name OpenSSH uses for Ed25519 (RFC 8709). */
export const SSH_ED25519 = "ssh-ed25519";

/** A raw Ed25519 key pair: the 32-byte public key and the 32-byte private seed (RFC 8032 §5.1.5). */
export interface Ed25519KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== ED25519_SEED_LENGTH) {
    throw new Error(`An Ed25519 private key (seed) is ${ED25519_SEED_LENGTH} bytes, not ${seed.length}.`);
  }
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: "der", type: "spki" });
}

function assertPublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new Error(`An Ed25519 public key is ${ED25519_PUBLIC_KEY_LENGTH} bytes, not ${publicKey.length}.`);
  }
}

/** Generates a fresh Ed25519 key pair from the operating system's CSPRNG. */
export function generateKeyPair(): Ed25519KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const spki = publicKey.export({ format: "der", type: "spki" });
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
  return { publicKey: plainBytes(spki.subarray(SPKI_PREFIX.length)), privateKey: plainBytes(pkcs8.subarray(PKCS8_PREFIX.length)) };
}

/** The public key belonging to a 32-byte private seed. Throws if the seed has the wrong length. */
export function publicKeyFromSeed(privateSeed: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyObject(privateSeed)).export({ format: "der", type: "spki" });
  return plainBytes(spki.subarray(SPKI_PREFIX.length));
}

/** Signs a message with a 32-byte private seed; returns the 64-byte signature. Ed25519 is deterministic: same input, same signature. */
export function sign(privateSeed: Uint8Array, message: Uint8Array): Uint8Array {
  return plainBytes(nodeSign(null, message, privateKeyObject(privateSeed)));
}

/**
 * Verifies an Ed25519 signature. Never throws: a key or signature of the wrong length, or a key that is not a valid
 * curve point, simply does not verify. Callers handle untrusted input and want a yes/no answer.
 */
export function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH) {
    return false;
  }
  try {
    return nodeVerify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

/** The SSH wire encoding of the public key: string "ssh-ed25519" ‖ string key (RFC 8709 §4). */
export function sshPublicKeyBlob(publicKey: Uint8Array): Uint8Array {
  assertPublicKey(publicKey);
  return concatBytes(sshString(SSH_ED25519), sshString(publicKey));
}

/**
 * The key's OpenSSH fingerprint exactly as `ssh-keygen -l` prints it: "SHA256:" followed by the unpadded base64 of
 * SHA-256 over the SSH wire public-key blob. Shown next to group keys so people can compare with `ssh-keygen -lf key.pub`.
 */
export function fingerprint(publicKey: Uint8Array): string {
  const digest = createHash("sha256").update(sshPublicKeyBlob(publicKey)).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** The public key as an OpenSSH `.pub` / authorized_keys line: "ssh-ed25519 AAAA… [comment]". */
export function toOpenSshPublicKey(publicKey: Uint8Array, comment?: string): string {
  const line = `${SSH_ED25519} ${toBase64(sshPublicKeyBlob(publicKey))}`;
  if (comment === undefined || comment === "") {
    return line;
  }
  if (/[\r\n]/.test(comment)) {
    throw new Error("An OpenSSH public key comment must be a single line.");
  }
  return `${line} ${comment}`;
}
