// Public surface of provenance/signing: pure cryptographic building blocks (no database, no HTTP).
export { fromBase64Strict, toBase64 } from "./bytes";
export {
  ED25519_PUBLIC_KEY_LENGTH,
  ED25519_SEED_LENGTH,
  ED25519_SIGNATURE_LENGTH,
  fingerprint,
  generateKeyPair,
  publicKeyFromSeed,
  sign,
  toOpenSshPublicKey,
  verify,
  type Ed25519KeyPair,
} from "./ed25519";
export { deriveKey, open, seal } from "./secret-box";
export { parseOpenSshPublicKey, SADA_SSH_NAMESPACE, verifySshSignature, type SignatureCheck, type SshSignatureInput } from "./ssh-signature";
export { minisignKeyIdHex, minisignKeyToRaw, verifyMinisign, type MinisignCheck, type MinisignInput, type MinisignPublicKey } from "./minisign";
export {
  formatCheckpoint,
  noteKeyHash,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  signNote,
  SignedNoteError,
  verifierKey,
  type Checkpoint,
  type NoteSignature,
  type NoteVerifier,
  type OpenedNote,
  type SignedNoteErrorCode,
} from "./signed-note";
