// Offline signatures made with minisign (https://jedisct1.github.io/minisign/): `minisign -S -s KEY.sec -m FILE` writes
// FILE.minisig. Groups that already use minisign can sign revisions with it instead of OpenSSH.
//
// Public key:  base64("Ed" ‖ key id (8 bytes) ‖ Ed25519 public key (32 bytes))
// Signature:   untrusted comment line
//              base64(signature algorithm (2 bytes) ‖ key id (8 bytes) ‖ Ed25519 signature (64 bytes))
//              "trusted comment: " line
//              base64(global signature = Ed25519(signature ‖ trusted comment))
// Algorithm "Ed" signs the message itself (legacy, `minisign -l`); "ED" signs its BLAKE2b-512 hash (default since 0.10).
import { createHash } from "node:crypto";
import { Buffer } from "node:buffer";
import { bytesEqual, concatBytes, fromBase64Strict, toBytes } from "./bytes";
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, verify } from "./ed25519";

const UNTRUSTED_PREFIX = "untrusted comment:";
const TRUSTED_PREFIX = "trusted comment: ";
const KEY_ID_LENGTH = 8;
const ALG_LENGTH = 2;
const ALG_PUBLIC_KEY = "Ed";
const ALG_LEGACY = "Ed";
const ALG_PREHASHED = "ED";

/** A minisign public key: the 8-byte key id minisign puts in every signature, and the raw 32-byte Ed25519 key. */
export interface MinisignPublicKey {
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

/** Outcome of checking a minisign signature; on success, the trusted comment (authenticated by the global signature). */
export type MinisignCheck = { ok: true; trustedComment: string } | { ok: false; reason: string };

/**
 * Non-blank lines without their line terminator. Lines are not trimmed: minisign only strips "\r" and "\n", and a
 * trusted comment ending in a space is signed with that space.
 */
function contentLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== "");
}

const ascii = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");

/**
 * The key id as minisign displays it (e.g. in "minisign public key 1C19D9689CB64466"): the 8 bytes read as a
 * little-endian integer, in upper-case hexadecimal without leading zeros (minisign prints it with "%" PRIX64).
 */
export function minisignKeyIdHex(keyId: Uint8Array): string {
  return Buffer.from(keyId)
    .reverse()
    .toString("hex")
    .toUpperCase()
    .replace(/^0+(?=.)/, "");
}

/**
 * Parses a minisign public key: either the whole `.pub` file ("untrusted comment: …" line, then the base64 line) or
 * just the base64 line (what `minisign -P` takes). Throws a clear error on anything else.
 */
export function minisignKeyToRaw(pubFileOrLine: string): MinisignPublicKey {
  const lines = contentLines(pubFileOrLine);
  if (lines[0]?.trimStart().startsWith(UNTRUSTED_PREFIX)) {
    lines.shift();
  }
  if (lines.length !== 1) {
    throw new Error("Paste a minisign public key: the content of the .pub file, or its second line (starting with RW).");
  }
  const bytes = fromBase64Strict((lines[0] ?? "").trim());
  if (bytes === null || bytes.length !== ALG_LENGTH + KEY_ID_LENGTH + ED25519_PUBLIC_KEY_LENGTH) {
    throw new Error("This is not a minisign public key: its base64 line is damaged or has the wrong length.");
  }
  const alg = ascii(bytes.subarray(0, ALG_LENGTH));
  if (alg !== ALG_PUBLIC_KEY) {
    throw new Error(`This minisign public key uses algorithm "${alg}"; only Ed25519 ("Ed") keys are supported.`);
  }
  return { keyId: bytes.slice(ALG_LENGTH, ALG_LENGTH + KEY_ID_LENGTH), publicKey: bytes.slice(ALG_LENGTH + KEY_ID_LENGTH) };
}

/** Input of {@link verifyMinisign}. */
export interface MinisignInput {
  /** The content of FILE.minisig. */
  signatureFile: string;
  /** The exact bytes that were signed (a string is taken as UTF-8). */
  message: Uint8Array | string;
  /** The registered key: a parsed key, or the `.pub` file / base64 line. */
  publicKey: MinisignPublicKey | string;
}

/**
 * Verifies a minisign signature file like `minisign -V`: the key id must be the registered key's, the signature must
 * verify over the message (or its BLAKE2b-512 hash for "ED"), and the global signature must verify over
 * signature ‖ trusted comment, so the trusted comment cannot be altered either. Never throws.
 */
export function verifyMinisign(input: MinisignInput): MinisignCheck {
  let key: MinisignPublicKey;
  try {
    key = typeof input.publicKey === "string" ? minisignKeyToRaw(input.publicKey) : input.publicKey;
  } catch (e) {
    return { ok: false, reason: `The registered key cannot be used: ${(e as Error).message}` };
  }

  const damaged = "The minisign signature is damaged or incomplete; copy the whole FILE.minisig (four lines).";
  const lines = contentLines(input.signatureFile);
  const [untrusted, sigLine, trustedLine, globalLine] = lines;
  if (lines.length !== 4 || untrusted === undefined || sigLine === undefined || trustedLine === undefined || globalLine === undefined) {
    return { ok: false, reason: damaged };
  }
  if (!untrusted.startsWith(UNTRUSTED_PREFIX) || !trustedLine.startsWith(TRUSTED_PREFIX)) {
    return { ok: false, reason: damaged };
  }
  const sigBytes = fromBase64Strict(sigLine.trim());
  const globalSignature = fromBase64Strict(globalLine.trim());
  if (sigBytes === null || sigBytes.length !== ALG_LENGTH + KEY_ID_LENGTH + ED25519_SIGNATURE_LENGTH || globalSignature === null) {
    return { ok: false, reason: damaged };
  }
  const alg = ascii(sigBytes.subarray(0, ALG_LENGTH));
  const keyId = sigBytes.subarray(ALG_LENGTH, ALG_LENGTH + KEY_ID_LENGTH);
  const signature = sigBytes.subarray(ALG_LENGTH + KEY_ID_LENGTH);

  if (!bytesEqual(keyId, key.keyId)) {
    return {
      ok: false,
      reason: `The signature was made with minisign key ${minisignKeyIdHex(keyId)}, but the registered key is ${minisignKeyIdHex(key.keyId)}. Sign with the registered key, or register this one first.`,
    };
  }
  let signed: Uint8Array;
  if (alg === ALG_PREHASHED) {
    signed = createHash("blake2b512").update(toBytes(input.message)).digest();
  } else if (alg === ALG_LEGACY) {
    signed = toBytes(input.message);
  } else {
    return { ok: false, reason: `The minisign signature uses algorithm "${alg}"; only "ED" (default) and "Ed" (legacy) are supported.` };
  }
  if (!verify(key.publicKey, signed, signature)) {
    return { ok: false, reason: "The signature does not match the text: it was changed after signing, or a different file was signed." };
  }
  const trustedComment = trustedLine.slice(TRUSTED_PREFIX.length);
  if (!verify(key.publicKey, concatBytes(signature, toBytes(trustedComment)), globalSignature)) {
    return { ok: false, reason: "The trusted comment of the signature was altered after signing (its global signature does not verify)." };
  }
  return { ok: true, trustedComment };
}
