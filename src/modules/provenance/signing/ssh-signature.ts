// Offline signatures made with OpenSSH: `ssh-keygen -Y sign -n sada -f KEY FILE` writes FILE.sig in the SSHSIG format
// (https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.sshsig). Groups that keep their key off the server
// sign revisions this way, and Sada verifies the armored signature against the group's registered key.
import { createHash } from "node:crypto";
import { bytesEqual, concatBytes, fromBase64Strict, SshReader, sshString, toBytes } from "./bytes";
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, fingerprint, SSH_ED25519, verify } from "./ed25519";

/** The SSHSIG namespace Sada signatures must be made for (`ssh-keygen -Y sign -n sada`). */
export const SADA_SSH_NAMESPACE = "sada";

const MAGIC = "SSHSIG";
const SIG_VERSION = 1;
const BEGIN = "-----BEGIN SSH SIGNATURE-----";
const END = "-----END SSH SIGNATURE-----";
const HASHES = new Set(["sha256", "sha512"]);

/** Outcome of checking an offline signature: `reason` is an English sentence fit to show the person who signed. */
export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const onlyEd25519 = (type: string): string => `This is a ${type} key, but Sada accepts only ssh-ed25519 keys. Create one with: ssh-keygen -t ed25519 -f KEY`;

/**
 * Parses an OpenSSH public key line ("ssh-ed25519 AAAA… [comment]", the content of a `.pub` file) and returns the raw
 * 32-byte Ed25519 key. Throws with a message naming the type for any other key type (RSA, ECDSA, security keys,
 * certificates), and when the base64 blob disagrees with the declared type.
 */
export function parseOpenSshPublicKey(line: string): Uint8Array {
  // Checked first: a pasted private key is the one mistake worth a specific warning.
  if (line.includes("PRIVATE KEY")) {
    throw new Error("This is a private key. Paste the public key instead (the content of KEY.pub), and keep the private key secret.");
  }
  const lines = line.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length !== 1) {
    throw new Error(lines.length === 0 ? "The OpenSSH public key is empty." : "Paste exactly one OpenSSH public key line (the content of KEY.pub).");
  }
  const [type = "", b64 = ""] = (lines[0] ?? "").trim().split(/\s+/);
  if (type !== SSH_ED25519) {
    throw new Error(/^[\w@.-]+$/.test(type) ? onlyEd25519(type) : "This is not an OpenSSH public key line (expected: ssh-ed25519 AAAA… comment).");
  }
  const blob = fromBase64Strict(b64);
  if (blob === null) {
    throw new Error("The OpenSSH public key is not valid base64; copy the whole line from KEY.pub.");
  }
  const reader = new SshReader(blob);
  const innerType = reader.text();
  const key = reader.string();
  if (innerType !== SSH_ED25519 || key === null || key.length !== ED25519_PUBLIC_KEY_LENGTH || !reader.done) {
    throw new Error(`The OpenSSH public key is damaged: its data is not a ${SSH_ED25519} key.`);
  }
  return Uint8Array.from(key);
}

interface ParsedSshSig {
  publicKey: Uint8Array;
  namespace: string;
  reserved: Uint8Array;
  hashAlgorithm: string;
  signature: Uint8Array;
}

/** Decodes the armor and the SSHSIG blob. Returns a reason string when the input is not a usable signature. */
function parseSshSig(armored: string): ParsedSshSig | string {
  const lines = armored
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  if (lines[0] !== BEGIN || lines[lines.length - 1] !== END) {
    return `This is not an SSH signature: expected the text of FILE.sig, from "${BEGIN}" to "${END}". Sign with: ssh-keygen -Y sign -n ${SADA_SSH_NAMESPACE} -f KEY FILE`;
  }
  const blob = fromBase64Strict(lines.slice(1, -1).join(""));
  if (blob === null) {
    return "The SSH signature is damaged (its base64 text is invalid); copy the whole FILE.sig.";
  }
  const damaged = "The SSH signature is damaged or truncated; copy the whole FILE.sig.";
  const r = new SshReader(blob);
  const magic = r.bytes(MAGIC.length);
  if (magic === null || !bytesEqual(magic, toBytes(MAGIC))) {
    return damaged;
  }
  const version = r.uint32();
  if (version === null) {
    return damaged;
  }
  if (version !== SIG_VERSION) {
    return `The SSH signature uses format version ${version}; only version ${SIG_VERSION} is supported.`;
  }
  const keyBlob = r.string();
  const namespace = r.text();
  const reserved = r.string();
  const hashAlgorithm = r.text();
  const sigBlob = r.string();
  if (keyBlob === null || namespace === null || reserved === null || hashAlgorithm === null || sigBlob === null || !r.done) {
    return damaged;
  }

  const keyReader = new SshReader(keyBlob);
  const keyType = keyReader.text();
  if (keyType === null) {
    return damaged;
  }
  if (keyType !== SSH_ED25519) {
    return `The signature was made with a ${keyType} key, but Sada accepts only ssh-ed25519 keys.`;
  }
  const publicKey = keyReader.string();
  if (publicKey === null || publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || !keyReader.done) {
    return damaged;
  }

  // The signature blob is itself string(type) ‖ string(raw signature) (RFC 8709 §6).
  const sigReader = new SshReader(sigBlob);
  const sigType = sigReader.text();
  const signature = sigReader.string();
  if (sigType !== SSH_ED25519 || signature === null || signature.length !== ED25519_SIGNATURE_LENGTH || !sigReader.done) {
    return damaged;
  }
  return { publicKey, namespace, reserved, hashAlgorithm, signature };
}

/** Input of {@link verifySshSignature}. */
export interface SshSignatureInput {
  /** The armored signature, i.e. the content of FILE.sig. */
  armored: string;
  /** The exact bytes that were signed (a string is taken as UTF-8). */
  message: Uint8Array | string;
  /** The namespace the signature must be made for; defaults to "sada". */
  namespace?: string;
  /** The raw 32-byte Ed25519 key registered for the signer (see {@link parseOpenSshPublicKey}). */
  publicKey: Uint8Array;
}

/**
 * Verifies an armored SSHSIG signature (PROTOCOL.sshsig) over `message`: the namespace must equal the expected one, the
 * key embedded in the signature must be the registered key, and the Ed25519 signature must verify over
 * "SSHSIG" ‖ string(namespace) ‖ string(reserved) ‖ string(hash_algorithm) ‖ string(H(message)).
 * Equivalent to `ssh-keygen -Y verify` with an allowed-signers file holding only the registered key. Never throws.
 */
export function verifySshSignature(input: SshSignatureInput): SignatureCheck {
  const expectedNamespace = input.namespace ?? SADA_SSH_NAMESPACE;
  const parsed = parseSshSig(input.armored);
  if (typeof parsed === "string") {
    return { ok: false, reason: parsed };
  }
  // The namespace is checked first because it is the most likely mistake and the easiest to fix.
  if (parsed.namespace !== expectedNamespace) {
    return {
      ok: false,
      reason: `The signature was made for namespace "${parsed.namespace}", not "${expectedNamespace}". Sign with: ssh-keygen -Y sign -n ${expectedNamespace} -f KEY FILE`,
    };
  }
  if (!bytesEqual(parsed.publicKey, input.publicKey)) {
    const registered = input.publicKey.length === ED25519_PUBLIC_KEY_LENGTH ? fingerprint(input.publicKey) : "an invalid key";
    return {
      ok: false,
      reason: `The signature was made with key ${fingerprint(parsed.publicKey)}, but the registered key is ${registered}. Sign with the registered key, or register this one first.`,
    };
  }
  if (!HASHES.has(parsed.hashAlgorithm)) {
    return { ok: false, reason: `The signature hashes the message with "${parsed.hashAlgorithm}"; only sha256 and sha512 are accepted.` };
  }
  const digest = createHash(parsed.hashAlgorithm).update(toBytes(input.message)).digest();
  const signedData = concatBytes(toBytes(MAGIC), sshString(parsed.namespace), sshString(parsed.reserved), sshString(parsed.hashAlgorithm), sshString(digest));
  if (!verify(parsed.publicKey, signedData, parsed.signature)) {
    return { ok: false, reason: "The signature does not match the text: it was changed after signing, or a different file was signed." };
  }
  return { ok: true };
}
