// The C2SP signed-note format (https://c2sp.org/signed-note), byte-compatible with golang.org/x/mod/sumdb/note, and the
// C2SP transparency-log checkpoint body (https://c2sp.org/tlog-checkpoint). The instance signs translations and log
// checkpoints as notes so that existing tools (Go's note package, witnesses, monitors) can check them.
import { createHash } from "node:crypto";
import { bytesEqual, concatBytes, fromBase64Strict, toBase64, toBytes } from "./bytes";
import { ED25519_PUBLIC_KEY_LENGTH, publicKeyFromSeed, sign, verify } from "./ed25519";

/** Signature type identifier byte of Ed25519 in signed notes. */
const ALG_ED25519 = 0x01;
/** U+2014 EM DASH and a space: every signature line starts with these. */
const SIG_PREFIX = "\u2014 ";
/** Go's limit; the spec asks verifiers to accept at least 16. Bounds the work an attacker-supplied note can cause. */
const MAX_SIGNATURES = 100;
const ROOT_HASH_LENGTH = 32;

/** Why a note was rejected: `malformed` syntax, `unverified` (no known key signed it), a known key's `invalid-signature`, or an `ambiguous-key` in the verifier list. */
export type SignedNoteErrorCode = "malformed" | "unverified" | "invalid-signature" | "ambiguous-key";

/** Thrown by {@link openNote} and {@link parseVerifierKey}; `code` lets callers tell a forgery from a typo. */
export class SignedNoteError extends Error {
  readonly code: SignedNoteErrorCode;

  constructor(code: SignedNoteErrorCode, message: string) {
    super(message);
    this.name = "SignedNoteError";
    this.code = code;
  }
}

/** A key a note may be signed with: its name (e.g. "sada.example/log") and raw 32-byte Ed25519 public key. */
export interface NoteVerifier {
  name: string;
  publicKey: Uint8Array;
}

/** One signature line of an opened note. Signatures from unknown keys are listed with `verified: false`. */
export interface NoteSignature {
  name: string;
  keyHash: number;
  verified: boolean;
}

/** A note whose text was verified by at least one known key. */
export interface OpenedNote {
  text: string;
  signatures: NoteSignature[];
}

const malformed = (message: string): SignedNoteError => new SignedNoteError("malformed", message);

// C0 controls other than newline (the spec forbids them) and lone surrogates (a JS string holding one is not UTF-8).
const FORBIDDEN_IN_NOTE = /[\u0000-\u0009\u000b-\u001f]|\p{Cs}/u;

/** Key name rule of the spec: non-empty, no Unicode white space, no "+" (the separator in verifier keys). */
function isValidKeyName(name: string): boolean {
  return name !== "" && !/[\p{White_Space}+]/u.test(name) && !FORBIDDEN_IN_NOTE.test(name);
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) {
    throw malformed(`Invalid key name ${JSON.stringify(name)}: it must be non-empty and contain no spaces, no "+" and no control characters.`);
  }
}

const hex8 = (keyHash: number): string => keyHash.toString(16).padStart(8, "0");

/**
 * The 32-bit key hash (the spec's "key ID") that identifies a key in signature lines: the first 4 bytes, big-endian,
 * of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ publicKey). Binding the name means the same key under two names has two hashes.
 */
export function noteKeyHash(name: string, publicKey: Uint8Array): number {
  const digest = createHash("sha256")
    .update(concatBytes(toBytes(`${name}\n`), Uint8Array.of(ALG_ED25519), publicKey))
    .digest();
  return digest.readUInt32BE(0);
}

/** The verifier key string published for a note-signing key: "<name>+<8 hex digits key hash>+<base64(0x01 ‖ publicKey)>". */
export function verifierKey(name: string, publicKey: Uint8Array): string {
  assertKeyName(name);
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new Error(`An Ed25519 public key is ${ED25519_PUBLIC_KEY_LENGTH} bytes, not ${publicKey.length}.`);
  }
  return `${name}+${hex8(noteKeyHash(name, publicKey))}+${toBase64(concatBytes(Uint8Array.of(ALG_ED25519), publicKey))}`;
}

/**
 * Parses a verifier key ("name+c74f20a3+AR…") and checks that its key hash matches its name and key, so a mistyped or
 * tampered key is rejected rather than silently never verifying. Only Ed25519 (type 0x01) keys are supported.
 */
export function parseVerifierKey(vkey: string): { name: string; keyHash: number; publicKey: Uint8Array } {
  const first = vkey.indexOf("+");
  const second = first < 0 ? -1 : vkey.indexOf("+", first + 1);
  if (second < 0) {
    throw malformed('A verifier key has the form "name+hash+key" (e.g. "example.org/log+c74f20a3+AR…").');
  }
  const name = vkey.slice(0, first);
  const hashHex = vkey.slice(first + 1, second);
  assertKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(hashHex)) {
    throw malformed(`The key hash "${hashHex}" of verifier key ${name} is not 8 lower-case hexadecimal digits.`);
  }
  const key = fromBase64Strict(vkey.slice(second + 1));
  if (key === null || key.length === 0) {
    throw malformed(`The key of verifier key ${name} is not valid base64.`);
  }
  if (key[0] !== ALG_ED25519) {
    throw malformed(`Verifier key ${name} has signature type 0x${(key[0] ?? 0).toString(16).padStart(2, "0")}; only Ed25519 (0x01) is supported.`);
  }
  const publicKey = key.slice(1);
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw malformed(`The Ed25519 key of verifier key ${name} is ${publicKey.length} bytes, not ${ED25519_PUBLIC_KEY_LENGTH}.`);
  }
  const keyHash = noteKeyHash(name, publicKey);
  if (hex8(keyHash) !== hashHex) {
    throw malformed(`Verifier key ${name}+${hashHex} is damaged: its key hash should be ${hex8(keyHash)}.`);
  }
  return { name, keyHash, publicKey };
}

function assertNoteText(text: string): void {
  if (text === "" || !text.endsWith("\n")) {
    throw malformed("The note text must be non-empty and end with a newline.");
  }
  if (FORBIDDEN_IN_NOTE.test(text)) {
    throw malformed("The note text contains a control character other than newline, or invalid Unicode.");
  }
}

/**
 * Signs `text` as a C2SP signed note: text (ending in "\n") ‖ "\n" ‖ "— <name> <base64(key hash ‖ signature)>\n". The
 * signature covers the UTF-8 text including its final newline. Throws if the text or name break the format's rules
 * or if `publicKey` does not belong to `privateSeed` (which would publish a key hash nobody can verify).
 */
export function signNote(text: string, name: string, privateSeed: Uint8Array, publicKey: Uint8Array): string {
  assertKeyName(name);
  assertNoteText(text);
  if (!bytesEqual(publicKeyFromSeed(privateSeed), publicKey)) {
    throw new Error(`signNote: the public key given for ${name} does not belong to the private key.`);
  }
  const keyHash = new Uint8Array(4);
  new DataView(keyHash.buffer).setUint32(0, noteKeyHash(name, publicKey));
  const signature = sign(privateSeed, toBytes(text));
  return `${text}\n${SIG_PREFIX}${name} ${toBase64(concatBytes(keyHash, signature))}\n`;
}

interface KnownKey {
  publicKey: Uint8Array;
  ambiguous: boolean;
}

/**
 * Parses and verifies a signed note against the known keys, with the semantics of Go's note.Open: signatures from
 * unknown keys (name and key hash not both matching) are listed as unverified; a signature from a known key must
 * verify, or the whole note is rejected; at least one known key must have signed. Throws {@link SignedNoteError}.
 */
export function openNote(noteText: string, verifiers: NoteVerifier[]): OpenedNote {
  if (FORBIDDEN_IN_NOTE.test(noteText)) {
    throw malformed("The note contains a control character other than newline, or invalid Unicode.");
  }
  // The text may itself contain blank lines: the last blank line separates it from the signatures.
  const split = noteText.lastIndexOf("\n\n");
  if (split < 0) {
    throw malformed("The note has no blank line separating its text from its signatures (or its text does not end with a newline).");
  }
  const text = noteText.slice(0, split + 1);
  const block = noteText.slice(split + 2);
  if (block === "" || !block.endsWith("\n")) {
    throw malformed(block === "" ? "The note has no signature lines." : "The note's last signature line does not end with a newline.");
  }

  const known = new Map<string, KnownKey>();
  for (const v of verifiers) {
    if (!isValidKeyName(v.name) || v.publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
      throw new Error(`openNote: verifier ${JSON.stringify(v.name)} needs a valid key name and a 32-byte Ed25519 public key.`);
    }
    const id = `${v.name}+${hex8(noteKeyHash(v.name, v.publicKey))}`;
    const existing = known.get(id);
    if (existing === undefined) {
      known.set(id, { publicKey: v.publicKey, ambiguous: false });
    } else if (!bytesEqual(existing.publicKey, v.publicKey)) {
      existing.ambiguous = true;
    }
  }

  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) {
    throw malformed(`The note has ${lines.length} signature lines; at most ${MAX_SIGNATURES} are accepted.`);
  }
  const textBytes = toBytes(text);
  const signatures: NoteSignature[] = [];
  const seenVerified = new Set<string>();
  const seenUnverified = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith(SIG_PREFIX)) {
      throw malformed(`Malformed signature line ${JSON.stringify(line)}: it must start with an em dash (U+2014) and a space.`);
    }
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(" ");
    const name = space < 0 ? rest : rest.slice(0, space);
    const sig = space < 0 ? null : fromBase64Strict(rest.slice(space + 1));
    if (!isValidKeyName(name) || sig === null || sig.length < 5) {
      throw malformed(`Malformed signature line ${JSON.stringify(line)}: expected "— <key name> <base64 signature>".`);
    }
    const keyHash = new DataView(sig.buffer, sig.byteOffset, 4).getUint32(0);
    const id = `${name}+${hex8(keyHash)}`;
    const key = known.get(id);
    if (key === undefined) {
      // The spec requires ignoring unknown keys (key rotation, witness cosignatures); they are reported, not trusted.
      if (!seenUnverified.has(line)) {
        seenUnverified.add(line);
        signatures.push({ name, keyHash, verified: false });
      }
      continue;
    }
    if (key.ambiguous) {
      throw new SignedNoteError("ambiguous-key", `Two different verifiers share the key name and hash ${id}; cannot tell which one signed.`);
    }
    if (seenVerified.has(id)) {
      continue;
    }
    seenVerified.add(id);
    if (!verify(key.publicKey, textBytes, sig.subarray(4))) {
      throw new SignedNoteError(
        "invalid-signature",
        `The signature by ${id} does not verify: the note was altered after signing, or the signature is corrupt.`,
      );
    }
    signatures.push({ name, keyHash, verified: true });
  }

  if (seenVerified.size === 0) {
    const by = signatures.map((s) => `${s.name}+${hex8(s.keyHash)}`).join(", ");
    throw new SignedNoteError("unverified", `The note is not signed by any known key (it is signed by ${by}).`);
  }
  return { text, signatures };
}

/** A transparency-log checkpoint (https://c2sp.org/tlog-checkpoint): the log's identity, tree size and Merkle root. */
export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions: string[];
}

function assertCheckpointLine(line: string, what: string): void {
  if (line === "" || line.includes("\n") || FORBIDDEN_IN_NOTE.test(line)) {
    throw malformed(`The checkpoint ${what} must be a non-empty single line without control characters.`);
  }
}

/**
 * Formats the note text of a checkpoint: "<origin>\n<size>\n<base64(root hash)>\n" followed by each extension line and
 * "\n". Sign the result with {@link signNote}. Throws on values that would make an unparseable checkpoint.
 */
export function formatCheckpoint(checkpoint: { origin: string; size: number; rootHash: Uint8Array; extensions?: string[] }): string {
  assertCheckpointLine(checkpoint.origin, "origin");
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) {
    throw malformed(`The checkpoint tree size must be a non-negative integer, not ${checkpoint.size}.`);
  }
  if (checkpoint.rootHash.length !== ROOT_HASH_LENGTH) {
    throw malformed(`The checkpoint root hash must be ${ROOT_HASH_LENGTH} bytes (SHA-256), not ${checkpoint.rootHash.length}.`);
  }
  const extensions = checkpoint.extensions ?? [];
  extensions.forEach((line) => assertCheckpointLine(line, "extension line"));
  return [checkpoint.origin, String(checkpoint.size), toBase64(checkpoint.rootHash), ...extensions].map((line) => `${line}\n`).join("");
}

/**
 * Parses checkpoint note text (the `text` of {@link openNote}, never an unverified note) strictly: at least three
 * non-empty lines, a decimal tree size without leading zeros, and a base64 root hash of exactly 32 bytes.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith("\n")) {
    throw malformed("The checkpoint text must end with a newline.");
  }
  const lines = text.slice(0, -1).split("\n");
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    throw malformed("A checkpoint has at least three lines: origin, tree size and root hash.");
  }
  lines.forEach((line, i) => assertCheckpointLine(line, i === 0 ? "origin" : i === 1 ? "tree size" : i === 2 ? "root hash" : "extension line"));
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeLine)) {
    throw malformed(`The checkpoint tree size "${sizeLine}" is not a decimal number without leading zeros.`);
  }
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) {
    throw malformed(`The checkpoint tree size ${sizeLine} is too large.`);
  }
  const rootHash = fromBase64Strict(rootLine);
  if (rootHash === null || rootHash.length !== ROOT_HASH_LENGTH) {
    throw malformed(`The checkpoint root hash must be the base64 of ${ROOT_HASH_LENGTH} bytes.`);
  }
  return { origin, size, rootHash, extensions };
}
