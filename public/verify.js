// Progressive enhancement of the provenance panel of a statement page: the "verify" button
// re-checks the signed statement document entirely in the reader's browser, with WebCrypto.
// The page works without this file: the panel, the signed JSON link and the CLI hint are all
// plain HTML. The button stays hidden when the browser cannot verify Ed25519 signatures.
//
// The algorithms are ports of the server's TypeScript (src/modules/provenance/):
//   merkle/merkle.model.ts       verifyInclusion (RFC 9162 §2.1.3.2)
//   signing/signed-note.ts       parseVerifierKey, openNote, parseCheckpoint (C2SP signed note)
//   signing/ed25519.ts           fingerprint (OpenSSH "SHA256:…")
//   signing/ssh-signature.ts     verifySshSignature (PROTOCOL.sshsig)
//   signing/minisign.ts          verifyMinisign (legacy "Ed" only; "ED" needs BLAKE2b)
// Nothing here uses innerHTML, eval or another origin (CSP: script-src 'self'; connect-src 'self').
(function () {
  "use strict";

  // ── bytes ──────────────────────────────────────────────────────────────────

  const encoder = new TextEncoder();

  /** UTF-8 bytes of a string. */
  function utf8(text) {
    return encoder.encode(text);
  }

  /** The bytes of several arrays (or UTF-8 strings) one after the other. */
  function concat(...parts) {
    const arrays = parts.map((p) => (typeof p === "string" ? utf8(p) : p));
    const out = new Uint8Array(arrays.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of arrays) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  /** True when a and b hold the same bytes. */
  function bytesEqual(a, b) {
    if (a.length !== b.length) {
      return false;
    }
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hexadecimal of bytes. */
  function toHex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** Bytes of a hexadecimal string (test vectors only). */
  function fromHex(hex) {
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) {
      out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** Standard base64 with padding. */
  function toBase64(bytes) {
    let binary = "";
    for (const b of bytes) {
      binary += String.fromCharCode(b);
    }
    return btoa(binary);
  }

  const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

  /**
   * Standard base64 decoded strictly, as bytes.ts fromBase64Strict: only the canonical encoding
   * of some bytes is accepted (padding present, padding bits zero). Returns null otherwise.
   */
  function fromBase64(text) {
    if (typeof text !== "string" || !BASE64.test(text)) {
      return null;
    }
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return toBase64(bytes) === text ? bytes : null;
  }

  /** The SSH wire "string" (RFC 4251 §5): uint32 big-endian length, then the bytes. */
  function sshString(data) {
    const bytes = typeof data === "string" ? utf8(data) : data;
    const out = new Uint8Array(4 + bytes.length);
    new DataView(out.buffer).setUint32(0, bytes.length);
    out.set(bytes, 4);
    return out;
  }

  /** Sequential reader of SSH wire encodings; every read returns null past the end. */
  function sshReader(data) {
    let offset = 0;
    const reader = {
      done: () => offset === data.length,
      bytes(n) {
        if (n < 0 || offset + n > data.length) {
          return null;
        }
        const out = data.subarray(offset, offset + n);
        offset += n;
        return out;
      },
      uint32() {
        const b = reader.bytes(4);
        return b === null ? null : new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
      },
      string() {
        const length = reader.uint32();
        return length === null ? null : reader.bytes(length);
      },
      /** A string field that must be valid UTF-8 text. */
      text() {
        const b = reader.string();
        if (b === null) {
          return null;
        }
        try {
          return new TextDecoder("utf-8", { fatal: true }).decode(b);
        } catch {
          return null;
        }
      },
    };
    return reader;
  }

  // ── WebCrypto ──────────────────────────────────────────────────────────────

  /** SHA-256 or SHA-512 ("sha256" / "sha512") of bytes. */
  async function digest(algorithm, bytes) {
    const name = algorithm === "sha512" ? "SHA-512" : "SHA-256";
    return new Uint8Array(await crypto.subtle.digest(name, bytes));
  }

  const sha256 = (bytes) => digest("sha256", bytes);

  /**
   * Verifies an Ed25519 signature (RFC 8032). Never throws: a key or signature of the wrong
   * length, or a key that is not a curve point, simply does not verify.
   */
  async function ed25519Verify(publicKey, message, signature) {
    if (!publicKey || !signature || publicKey.length !== 32 || signature.length !== 64) {
      return false;
    }
    try {
      const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
      return await crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
    } catch {
      return false;
    }
  }

  /** Whether this browser verifies Ed25519: RFC 8032 §7.1 test 1 (empty message) must pass and a flipped bit fail. */
  async function supportsEd25519() {
    if (!window.crypto || !crypto.subtle || typeof crypto.subtle.importKey !== "function") {
      return false;
    }
    const publicKey = fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const signature = fromHex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
    try {
      const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
      const good = await crypto.subtle.verify({ name: "Ed25519" }, key, signature, new Uint8Array(0));
      const bad = await crypto.subtle.verify({ name: "Ed25519" }, key, signature, new Uint8Array(1));
      return good === true && bad === false;
    } catch {
      return false;
    }
  }

  // ── keys and signatures ────────────────────────────────────────────────────

  /** The OpenSSH fingerprint of a raw Ed25519 key, as `ssh-keygen -l` prints it (signing/ed25519.ts). */
  async function fingerprint(publicKey) {
    const blob = concat(sshString("ssh-ed25519"), sshString(publicKey));
    return "SHA256:" + toBase64(await sha256(blob)).replace(/=+$/, "");
  }

  const SSHSIG_BEGIN = "-----BEGIN SSH SIGNATURE-----";
  const SSHSIG_END = "-----END SSH SIGNATURE-----";

  /** Decodes an armored SSHSIG signature (PROTOCOL.sshsig); null when it is not a usable Ed25519 one. */
  function parseSshSig(armored) {
    const lines = armored
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== "");
    if (lines[0] !== SSHSIG_BEGIN || lines[lines.length - 1] !== SSHSIG_END) {
      return null;
    }
    const blob = fromBase64(lines.slice(1, -1).join(""));
    if (blob === null) {
      return null;
    }
    const r = sshReader(blob);
    const magic = r.bytes(6);
    if (magic === null || !bytesEqual(magic, utf8("SSHSIG")) || r.uint32() !== 1) {
      return null;
    }
    const keyBlob = r.string();
    const namespace = r.text();
    const reserved = r.string();
    const hashAlgorithm = r.text();
    const sigBlob = r.string();
    if (keyBlob === null || namespace === null || reserved === null || hashAlgorithm === null || sigBlob === null || !r.done()) {
      return null;
    }
    const keyReader = sshReader(keyBlob);
    const keyType = keyReader.text();
    const publicKey = keyReader.string();
    if (keyType !== "ssh-ed25519" || publicKey === null || publicKey.length !== 32 || !keyReader.done()) {
      return null;
    }
    const sigReader = sshReader(sigBlob);
    const sigType = sigReader.text();
    const signature = sigReader.string();
    if (sigType !== "ssh-ed25519" || signature === null || signature.length !== 64 || !sigReader.done()) {
      return null;
    }
    return { publicKey, namespace, reserved, hashAlgorithm, signature };
  }

  /**
   * `ssh-keygen -Y verify` with only the registered key allowed: namespace "sada", the embedded key
   * must be the registered one, and Ed25519 must verify over
   * "SSHSIG" ‖ string(namespace) ‖ string(reserved) ‖ string(hash_alg) ‖ string(H(message)).
   */
  async function verifySshSig(armored, message, publicKey) {
    const sig = parseSshSig(armored);
    if (sig === null || sig.namespace !== "sada" || !bytesEqual(sig.publicKey, publicKey)) {
      return false;
    }
    if (sig.hashAlgorithm !== "sha256" && sig.hashAlgorithm !== "sha512") {
      return false;
    }
    const hashed = await digest(sig.hashAlgorithm, message);
    const signed = concat("SSHSIG", sshString(sig.namespace), sshString(sig.reserved), sshString(sig.hashAlgorithm), sshString(hashed));
    return ed25519Verify(sig.publicKey, signed, sig.signature);
  }

  /** Non-blank lines without their terminator, untrimmed (minisign signs trailing spaces of the trusted comment). */
  function contentLines(text) {
    return text.split(/\r?\n/).filter((l) => l.trim() !== "");
  }

  /** The key id (8 bytes) and raw key of a minisign public key (.pub file or its base64 line); null if unusable. */
  function parseMinisignKey(text) {
    const lines = contentLines(text);
    if (lines[0] !== undefined && lines[0].trimStart().startsWith("untrusted comment:")) {
      lines.shift();
    }
    const bytes = lines.length === 1 ? fromBase64(lines[0].trim()) : null;
    if (bytes === null || bytes.length !== 42 || bytes[0] !== 0x45 || bytes[1] !== 0x64) {
      return null;
    }
    return { keyId: bytes.slice(2, 10), publicKey: bytes.slice(10) };
  }

  /**
   * `minisign -V` against the registered key: "true", "false", or "offline" for the default "ED"
   * algorithm, whose BLAKE2b-512 prehash WebCrypto lacks (its global signature is still checked).
   */
  async function verifyMinisign(signatureFile, message, key) {
    const registered = key.registered_as ? parseMinisignKey(key.registered_as) : null;
    const publicKey = fromBase64(key.public_key);
    if (registered === null || publicKey === null || !bytesEqual(registered.publicKey, publicKey)) {
      return "false";
    }
    const lines = contentLines(signatureFile);
    if (lines.length !== 4 || !lines[0].startsWith("untrusted comment:") || !lines[2].startsWith("trusted comment: ")) {
      return "false";
    }
    const sigBytes = fromBase64(lines[1].trim());
    const globalSignature = fromBase64(lines[3].trim());
    if (sigBytes === null || sigBytes.length !== 74 || globalSignature === null) {
      return "false";
    }
    const alg = String.fromCharCode(sigBytes[0], sigBytes[1]);
    const signature = sigBytes.subarray(10);
    if (!bytesEqual(sigBytes.subarray(2, 10), registered.keyId) || (alg !== "Ed" && alg !== "ED")) {
      return "false";
    }
    const trustedComment = lines[2].slice("trusted comment: ".length);
    if (!(await ed25519Verify(publicKey, concat(signature, trustedComment), globalSignature))) {
      return "false";
    }
    if (alg === "ED") {
      return "offline";
    }
    return (await ed25519Verify(publicKey, message, signature)) ? "true" : "false";
  }

  // ── signed notes and checkpoints (C2SP) ────────────────────────────────────

  const FORBIDDEN_IN_NOTE = /[\u0000-\u0009\u000b-\u001f]|\p{Cs}/u;

  /** Key name rule of signed notes: non-empty, no white space, no "+", no control characters. */
  function isValidKeyName(name) {
    return name !== "" && !/[\p{White_Space}+]/u.test(name) && !FORBIDDEN_IN_NOTE.test(name);
  }

  /** The 32-bit key hash of a note key: the first 4 bytes, big-endian, of SHA-256(name ‖ "\n" ‖ 0x01 ‖ key). */
  async function noteKeyHash(name, publicKey) {
    const d = await sha256(concat(name + "\n", Uint8Array.of(0x01), publicKey));
    return new DataView(d.buffer).getUint32(0);
  }

  const hex8 = (n) => n.toString(16).padStart(8, "0");

  /** Parses a verifier key "name+hash+base64(0x01 ‖ key)" and checks its hash; throws on anything else. */
  async function parseVerifierKey(vkey) {
    const first = vkey.indexOf("+");
    const second = first < 0 ? -1 : vkey.indexOf("+", first + 1);
    if (second < 0) {
      throw new Error("the log key is not name+hash+key");
    }
    const name = vkey.slice(0, first);
    const hashHex = vkey.slice(first + 1, second);
    const key = fromBase64(vkey.slice(second + 1));
    if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(hashHex) || key === null || key.length !== 33 || key[0] !== 0x01) {
      throw new Error("the log key is malformed");
    }
    const publicKey = key.slice(1);
    const keyHash = await noteKeyHash(name, publicKey);
    if (hex8(keyHash) !== hashHex) {
      throw new Error("the log key's hash does not match its name and key");
    }
    return { name, keyHash, publicKey };
  }

  /**
   * Opens a signed note with one known key, as openNote in signed-note.ts (Go's note.Open):
   * unknown signers are ignored, the known key's signature over the text (up to and including
   * its last "\n" before the blank line) must verify, and the known key must have signed.
   * Returns the note text; throws when it does not verify.
   */
  async function openNote(note, verifier) {
    if (FORBIDDEN_IN_NOTE.test(note)) {
      throw new Error("the note contains a control character");
    }
    const split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new Error("the note has no signature block");
    }
    const text = note.slice(0, split + 1);
    const block = note.slice(split + 2);
    if (block === "" || !block.endsWith("\n")) {
      throw new Error("the note's signature block is malformed");
    }
    const lines = block.slice(0, -1).split("\n");
    if (lines.length > 100) {
      throw new Error("the note has too many signatures");
    }
    let verified = false;
    for (const line of lines) {
      if (!line.startsWith("\u2014 ")) {
        throw new Error("malformed signature line");
      }
      const rest = line.slice(2);
      const space = rest.indexOf(" ");
      const name = space < 0 ? rest : rest.slice(0, space);
      const sig = space < 0 ? null : fromBase64(rest.slice(space + 1));
      if (!isValidKeyName(name) || sig === null || sig.length < 5) {
        throw new Error("malformed signature line");
      }
      const keyHash = new DataView(sig.buffer, sig.byteOffset, 4).getUint32(0);
      if (name !== verifier.name || keyHash !== verifier.keyHash || verified) {
        continue;
      }
      if (!(await ed25519Verify(verifier.publicKey, utf8(text), sig.subarray(4)))) {
        throw new Error("the log key's signature does not verify");
      }
      verified = true;
    }
    if (!verified) {
      throw new Error("the note is not signed by the log key");
    }
    return text;
  }

  /** Parses checkpoint text (C2SP tlog-checkpoint): origin, decimal size, base64 32-byte root, extensions. */
  function parseCheckpoint(text) {
    const lines = text.slice(0, -1).split("\n");
    const [origin, sizeLine, rootLine] = lines;
    if (lines.length < 3 || lines.some((l) => l === "") || !/^(?:0|[1-9][0-9]*)$/.test(sizeLine)) {
      throw new Error("the checkpoint is malformed");
    }
    const size = Number(sizeLine);
    const root = fromBase64(rootLine);
    if (!Number.isSafeInteger(size) || root === null || root.length !== 32) {
      throw new Error("the checkpoint is malformed");
    }
    return { origin, size, root };
  }

  // ── Merkle proofs (RFC 9162) ───────────────────────────────────────────────

  /** SHA-256(0x00 ‖ entry): the leaf hash of a log entry. */
  function hashLeaf(entry) {
    return sha256(concat(Uint8Array.of(0x00), entry));
  }

  /** SHA-256(0x01 ‖ left ‖ right): an interior node. */
  function hashChildren(left, right) {
    return sha256(concat(Uint8Array.of(0x01), left, right));
  }

  const isCount = (n) => Number.isSafeInteger(n) && n >= 0;
  const isOdd = (n) => n % 2 === 1;
  const half = (n) => Math.floor(n / 2);

  /**
   * RFC 9162 §2.1.3.2, as verifyInclusion in merkle.model.ts: does `proof` show `leafHash` at
   * `leafIndex` of the tree of `treeSize` leaves whose root is `root`? Every hash is 32 bytes.
   * Arithmetic instead of bit operators, so sizes beyond 2^31 work.
   */
  async function verifyInclusion(leafIndex, treeSize, leafHash, proof, root) {
    if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) {
      return false;
    }
    const isHash = (h) => h !== null && h.length === 32;
    if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) {
      return false;
    }
    let fn = leafIndex;
    let sn = treeSize - 1;
    let r = leafHash;
    for (const p of proof) {
      if (sn === 0) {
        return false;
      }
      if (isOdd(fn) || fn === sn) {
        r = await hashChildren(p, r);
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      } else {
        r = await hashChildren(r, p);
      }
      fn = half(fn);
      sn = half(sn);
    }
    return sn === 0 && bytesEqual(r, root);
  }

  // ── canonical JSON (platform/canonical-json.ts) ────────────────────────────

  /** Keys sorted by UTF-16 code units, no white space, strings as JSON.stringify writes them, integers only; throws otherwise. */
  function canonicalJson(value) {
    if (value === null || typeof value === "boolean" || typeof value === "string") {
      return JSON.stringify(value);
    }
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) {
        throw new Error("canonical JSON holds integers only");
      }
      return String(value);
    }
    if (Array.isArray(value)) {
      return "[" + value.map(canonicalJson).join(",") + "]";
    }
    if (typeof value === "object") {
      const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalJson(value[k])).join(",") + "}";
    }
    throw new Error("not JSON data");
  }

  /**
   * Whether a text is exactly the canonical JSON of what it parses to: signed texts and log entries
   * are written so, and another spelling (white space, a repeated key) is not what was signed or logged.
   */
  function isCanonical(text) {
    try {
      return typeof text === "string" && canonicalJson(JSON.parse(text)) === text;
    } catch {
      return false;
    }
  }

  // ── the checks ─────────────────────────────────────────────────────────────

  /**
   * One result line: `ok` is true, false or "neutral"; `msg` names the check (data-check) and its
   * data-msg-* template, unless `template` names another one.
   */
  function check(ok, msg, values, template) {
    return { ok, msg, values, template: template || msg };
  }

  /** Runs fn and turns any exception into false: tampered input must fail a check, not the run. */
  async function safely(fn) {
    try {
      return (await fn()) === true;
    } catch {
      return false;
    }
  }

  /** Whether `canonical` hashes to `hash` (lower-case SHA-256 hex of its UTF-8). */
  async function hashMatches(canonical, hash) {
    return typeof canonical === "string" && toHex(await sha256(utf8(canonical))) === hash;
  }

  /** The key of the bundle with this fingerprint (a group's listing first), if its public key really has that fingerprint. */
  async function keyFor(bundle, fp) {
    const listed = bundle.keys.filter((k) => k.fingerprint === fp);
    const key = listed.find((k) => k.owner === "group") || listed[0];
    const publicKey = key ? fromBase64(key.public_key) : null;
    if (!key || publicKey === null || publicKey.length !== 32 || (await fingerprint(publicKey)) !== fp) {
      return null;
    }
    return { key, publicKey };
  }

  /** Whether an instance key was the current one at `publishedAt`: listed by then, not replaced before, not revoked at or before. */
  function instanceKeyAt(key, publishedAt) {
    const at = Date.parse(publishedAt);
    if (Number.isNaN(at) || !key.created_at || Date.parse(key.created_at) > at) {
      return false;
    }
    if (key.revoked_at && Date.parse(key.revoked_at) <= at) {
      return false;
    }
    return !(key.retired_at && Date.parse(key.retired_at) < at);
  }

  /** A key revoked at or before the signed time cannot vouch for it. */
  function revokedBy(key, signedAt) {
    if (!key.revoked_at) {
      return false;
    }
    const revoked = Date.parse(key.revoked_at);
    const at = Date.parse(signedAt);
    return !(revoked > at);
  }

  /**
   * Whether key `fp` could sign at `signedAt`, over all its listings (a key can be registered, replaced
   * and registered again), as statement-verify.ts keyAt: any revoked listing revokes it from then on,
   * and it is replaced when every group listing was replaced before that time.
   */
  function keyUsableAt(bundle, fp, signedAt) {
    const listed = bundle.keys.filter((k) => k.fingerprint === fp);
    if (listed.some((k) => revokedBy(k, signedAt))) {
      return false;
    }
    const at = Date.parse(signedAt);
    return listed.some((k) => k.owner === "group" && (!k.retired_at || Date.parse(k.retired_at) >= at));
  }

  /**
   * A revision's signature: by a group key of the bundle (fingerprint recomputed), neither revoked
   * nor replaced when the revision was made, in one of the three formats. "offline" when it needs BLAKE2b.
   */
  async function revisionSignature(bundle, revision, parsed) {
    const sig = revision.signature;
    if (!sig || !parsed) {
      return false;
    }
    const found = await keyFor(bundle, sig.key);
    if (!found || found.key.owner !== "group" || !keyUsableAt(bundle, sig.key, parsed.created_at)) {
      return false;
    }
    const message = utf8(revision.canonical);
    if (sig.format === "ed25519") {
      return ed25519Verify(found.publicKey, message, fromBase64(sig.value));
    }
    if (sig.format === "sshsig") {
      return verifySshSig(sig.value, message, found.publicKey);
    }
    if (sig.format === "minisign") {
      const result = await verifyMinisign(sig.value, message, found.key);
      return result === "offline" ? "offline" : result === "true";
    }
    return false;
  }

  /** Parses a canonical JSON text; null when it is not a JSON object. */
  function parseObject(text) {
    try {
      const value = JSON.parse(text);
      return value !== null && typeof value === "object" && !Array.isArray(value) ? value : null;
    } catch {
      return null;
    }
  }

  /**
   * A log proof: its entry is in canonical form and names the same thing (`expect`'s fields: type,
   * statement, group, number, hash, signing key, time…), and its leaf is in the checkpoint's tree at
   * the stated index, with the checkpoint's size.
   */
  async function included(log, expect, checkpoint) {
    if (!checkpoint) {
      return false;
    }
    const entry = parseObject(log.entry);
    if (entry === null || entry.v !== 1 || !isCanonical(log.entry) || Object.keys(expect).some((k) => entry[k] !== expect[k])) {
      return false;
    }
    if (log.tree_size !== checkpoint.size || !Array.isArray(log.inclusion_path)) {
      return false;
    }
    const leaf = await hashLeaf(utf8(log.entry));
    return verifyInclusion(log.index, log.tree_size, leaf, log.inclusion_path.map(fromBase64), checkpoint.root);
  }

  /** The fields of a revision's canonical form, version 1 (statements/statement.model.ts canonicalForm). */
  const REVISION_FIELDS = ["body", "created_at", "group", "kind", "lang", "number", "prev", "retraction", "statement", "title", "v"];

  /** A revision's canonical text as the server writes it: canonical JSON with exactly the fields of version 1. */
  function wellFormedRevision(text, parsed) {
    const keys = Object.keys(parsed);
    return parsed.v === 1 && isCanonical(text) && keys.length === REVISION_FIELDS.length && REVISION_FIELDS.every((k) => keys.includes(k));
  }

  /** Checks every revision: hash, chain (with the canonical text's form), signature; their inclusion comes later. */
  async function revisionChecks(bundle) {
    const out = [];
    let prevHash = null;
    for (const [i, r] of bundle.revisions.entries()) {
      const n = r.number;
      const parsed = parseObject(r.canonical);
      out.push(check(await safely(() => hashMatches(r.canonical, r.hash)), "hash", { n }));
      const linked =
        parsed !== null &&
        wellFormedRevision(r.canonical, parsed) &&
        parsed.prev === prevHash &&
        parsed.number === n &&
        n === i + 1 &&
        parsed.statement === bundle.statement &&
        parsed.group === bundle.group;
      out.push(check(linked, "chain", { n }));
      let signed = false;
      try {
        signed = await revisionSignature(bundle, r, parsed);
      } catch {
        signed = false;
      }
      const key = r.signature ? r.signature.key : "—";
      out.push(signed === "offline" ? check("neutral", "offline", { n }) : check(signed === true, "signature", { n, key }));
      prevHash = r.hash;
    }
    return out;
  }

  /** Opens and parses the checkpoint with the log key; null (and a failed line) when it does not verify. */
  async function checkpointCheck(bundle, logKey) {
    if (bundle.checkpoint === null) {
      // Nothing to check the log against: a failure, not a wait (the CLI says the same).
      return { checkpoint: null, line: check(false, "checkpoint", {}, "noCheckpoint") };
    }
    try {
      const text = await openNote(bundle.checkpoint, logKey);
      const checkpoint = parseCheckpoint(text);
      if (checkpoint.origin !== logKey.name) {
        throw new Error("the checkpoint is of another log");
      }
      return { checkpoint, line: check(true, "checkpoint", { size: checkpoint.size }) };
    } catch {
      const size = /^[^\n]*\n([^\n]*)\n/.exec(bundle.checkpoint);
      return { checkpoint: null, line: check(false, "checkpoint", { size: size ? size[1] : "?" }) };
    }
  }

  /** The inclusion line of each revision; a revision not yet in a checkpoint is a neutral "waiting" line. */
  async function inclusionChecks(bundle, checkpoint) {
    const out = [];
    for (const r of bundle.revisions) {
      const n = r.number;
      if (r.log === null) {
        out.push(check("neutral", "waiting", { n, index: "…" }));
        continue;
      }
      const parsed = parseObject(r.canonical) || {};
      // The entry must name this revision's group (its canonical text's), the key that signed it and its time.
      const expect = {
        type: "revision",
        statement: bundle.statement,
        group: parsed.group,
        number: n,
        hash: r.hash,
        key: r.signature ? r.signature.key : undefined,
        at: parsed.created_at,
      };
      out.push(check(await safely(() => included(r.log, expect, checkpoint)), "inclusion", { n, index: r.log.index }));
    }
    return out;
  }

  /** The SHA-256 (hex) of each revision's canonical text, by revision number: what a translation's source_hash must be. */
  async function revisionHashes(bundle) {
    const out = new Map();
    for (const r of bundle.revisions) {
      if (typeof r.canonical === "string" && Number.isSafeInteger(r.number)) {
        out.set(r.number, toHex(await sha256(utf8(r.canonical))));
      }
    }
    return out;
  }

  /**
   * Each translation: its canonical form and hash, the source revision it names (its hash must be
   * that revision's in this document), the instance key's signature (the log's own key) and its inclusion.
   */
  async function translationChecks(bundle, logKey, checkpoint) {
    const out = [];
    const sources = await revisionHashes(bundle);
    for (const t of bundle.translations) {
      const values = { lang: t.lang, n: t.number };
      const ok = await safely(async () => {
        const parsed = parseObject(t.canonical);
        const found = await keyFor(bundle, t.signature.key);
        const isLogKey = found !== null && logKey !== null && bytesEqual(found.publicKey, logKey.publicKey);
        // An earlier instance key of this log (rotated, or the original instance's key after an
        // import) counts when it was current at publication and the translation's log entry,
        // whose inclusion is checked below, names it — as statement-verify-signatures.ts.
        const isInstanceKey =
          found !== null &&
          found.key.owner === "instance" &&
          (isLogKey || (t.log !== null && parsed !== null && instanceKeyAt(found.key, parsed.published_at)));
        const expect = {
          type: "translation",
          statement: bundle.statement,
          lang: t.lang,
          number: t.number,
          hash: t.hash,
          source: parsed ? parsed.source_hash : undefined,
          key: t.signature.key,
          at: parsed ? parsed.published_at : undefined,
        };
        return (
          isInstanceKey &&
          parsed !== null &&
          parsed.v === 1 &&
          isCanonical(t.canonical) &&
          parsed.statement === bundle.statement &&
          parsed.lang === t.lang &&
          parsed.number === t.number &&
          typeof parsed.source_hash === "string" &&
          sources.get(parsed.source_revision) === parsed.source_hash &&
          t.signature.format === "ed25519" &&
          !revokedBy(found.key, parsed.published_at) &&
          (await hashMatches(t.canonical, t.hash)) &&
          (await ed25519Verify(found.publicKey, utf8(t.canonical), fromBase64(t.signature.value))) &&
          (t.log === null || (await included(t.log, expect, checkpoint)))
        );
      });
      // Signed but not yet in a checkpoint: nothing failed, but the log part is still to come.
      out.push(check(ok && t.log === null ? "neutral" : ok, "translation", values));
    }
    return out;
  }

  /** The document's shape, checked before any check runs; throws with a reason otherwise. */
  function assertBundle(bundle) {
    const isArray = Array.isArray;
    if (
      bundle === null ||
      typeof bundle !== "object" ||
      bundle.format !== "sada-signed-statement/1" ||
      !isArray(bundle.revisions) ||
      bundle.revisions.length === 0 ||
      !isArray(bundle.translations) ||
      !isArray(bundle.keys) ||
      typeof bundle.log_key !== "string"
    ) {
      throw new Error("not a sada-signed-statement/1 document");
    }
  }

  /** All checks of a signed statement document, in reading order. */
  async function verifyBundle(bundle) {
    assertBundle(bundle);
    let logKey = null;
    try {
      logKey = await parseVerifierKey(bundle.log_key);
    } catch {
      logKey = null;
    }
    const revisions = await revisionChecks(bundle);
    const cp = logKey ? await checkpointCheck(bundle, logKey) : { checkpoint: null, line: check(false, "checkpoint", { size: "?" }) };
    const inclusions = await inclusionChecks(bundle, cp.checkpoint);
    const translations = await translationChecks(bundle, logKey, cp.checkpoint);
    return [...revisions, ...(cp.line ? [cp.line] : []), ...inclusions, ...translations];
  }

  // ── the page ───────────────────────────────────────────────────────────────

  const MARKS = { true: "\u2713", false: "\u2717", neutral: "\u2026" };

  /**
   * A message of the panel (data-msg-NAME) with its "{name}" placeholders filled, as DOM nodes:
   * values go into <bdi> so a fingerprint or number keeps its direction in an Arabic sentence.
   */
  function message(panel, name, values) {
    const fragment = document.createDocumentFragment();
    const template = messageTemplate(panel, name);
    for (const [i, part] of template.split(/\{(\w+)\}/).entries()) {
      if (i % 2 === 0) {
        fragment.append(part);
      } else {
        const bdi = document.createElement("bdi");
        bdi.textContent = values && values[part] !== undefined ? String(values[part]) : `{${part}}`;
        fragment.append(bdi);
      }
    }
    return fragment;
  }

  /** The template of a message; "waiting" falls back to the inclusion line when the page has no text for it. */
  function messageTemplate(panel, name) {
    const key = "msg" + name.charAt(0).toUpperCase() + name.slice(1);
    const text = panel.dataset[key];
    if (text !== undefined) {
      return text;
    }
    return name === "waiting" ? panel.dataset.msgInclusion || "{n}" : name;
  }

  /** Renders the summary and one list item per check into the result element. */
  function render(panel, out, state, lines, reason) {
    const summary = document.createElement("p");
    summary.className = "verify-summary";
    if (state === "error") {
      summary.append(message(panel, "error", { reason }));
    } else {
      summary.append(message(panel, state, {}));
    }
    const list = document.createElement("ul");
    list.className = "verify-checks";
    for (const line of lines) {
      const ok = String(line.ok);
      const item = document.createElement("li");
      item.dataset.ok = ok;
      item.dataset.check = line.msg;
      const mark = document.createElement("span");
      mark.className = "mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = MARKS[ok];
      item.append(mark, " ", message(panel, line.template, line.values));
      list.append(item);
    }
    out.replaceChildren(summary, ...(lines.length > 0 ? [list] : []));
    out.dataset.state = state;
  }

  /** Fetches the signed document from this page's own origin; throws with a short reason. */
  async function fetchBundle(url) {
    const target = new URL(url, location.href);
    if (target.origin !== location.origin) {
      throw new Error("the signed data is on another site");
    }
    const res = await fetch(target.href, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
    if (!res.ok) {
      throw new Error(`HTTP ${res.status}`);
    }
    return res.json();
  }

  /** One run of the verifier for a panel: fetch, check, render. */
  async function run(panel, button, out) {
    button.disabled = true;
    delete out.dataset.state;
    out.setAttribute("aria-busy", "true");
    out.replaceChildren(message(panel, "running", {}));
    try {
      const lines = await verifyBundle(await fetchBundle(panel.dataset.signedUrl));
      // "valid" only when every check was done and passed; a line that could not be done here
      // (minisign "ED", an entry still waiting for its checkpoint) makes the result "partial".
      const state = lines.some((l) => l.ok === false) ? "invalid" : lines.some((l) => l.ok !== true) ? "partial" : "valid";
      render(panel, out, state, lines);
    } catch (e) {
      render(panel, out, "error", [], e instanceof Error ? e.message : String(e));
    } finally {
      out.removeAttribute("aria-busy");
      button.disabled = false;
    }
  }

  /** Shows the button of every provenance panel when this browser can verify Ed25519. */
  async function enhance() {
    const panels = document.querySelectorAll("section.provenance[data-signed-url]");
    if (panels.length === 0 || !(await supportsEd25519())) {
      return;
    }
    for (const panel of panels) {
      const button = panel.querySelector("[data-verify]");
      const out = panel.querySelector("[data-verify-result]");
      const wrapper = button ? button.closest(".verify") : null;
      if (!button || !out || !wrapper) {
        continue;
      }
      button.addEventListener("click", () => run(panel, button, out));
      wrapper.hidden = false;
    }
  }

  enhance();
})();
