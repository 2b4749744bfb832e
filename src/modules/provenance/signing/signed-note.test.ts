import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { generateKeyPair, publicKeyFromSeed } from "./ed25519";
import { formatCheckpoint, noteKeyHash, openNote, parseCheckpoint, parseVerifierKey, signNote, SignedNoteError, verifierKey } from "./signed-note";

// Vectors from golang.org/x/mod/sumdb/note (note_test.go and the package documentation).
const PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";
const PETER_NOTE = `${TEXT}\n${PETER_SIG}`;

/** The Go signer key is "PRIVATE+KEY+name+hash+base64(0x01 ‖ seed)"; the base64 part may itself contain "+". */
const peterSeed = Uint8Array.from(Buffer.from(PETER_SKEY.split("+").slice(4).join("+"), "base64").subarray(1));
const peter = parseVerifierKey(PETER_VKEY);
const enoch = parseVerifierKey(ENOCH_VKEY);

function expectNoteError(f: () => unknown, code: SignedNoteError["code"], message?: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SignedNoteError);
  expect((error as SignedNoteError).code).toBe(code);
  if (message) {
    expect((error as SignedNoteError).message).toMatch(message);
  }
}

describe("signed notes: the Go reference vectors", () => {
  it("computes key hash c74f20a3 and the verifier key of the example", () => {
    expect(noteKeyHash("PeterNeumann", peter.publicKey)).toBe(0xc74f20a3);
    expect(peter).toEqual({ name: "PeterNeumann", keyHash: 0xc74f20a3, publicKey: expect.any(Uint8Array) });
    expect(publicKeyFromSeed(peterSeed)).toEqual(peter.publicKey);
    expect(verifierKey("PeterNeumann", peter.publicKey)).toBe(PETER_VKEY);
    expect(enoch.keyHash).toBe(0xaf0cfe78);
  });

  it("reproduces the example note byte for byte", () => {
    expect(signNote(TEXT, "PeterNeumann", peterSeed, peter.publicKey)).toBe(PETER_NOTE);
  });

  it("opens the example note with its verifier key", () => {
    expect(openNote(PETER_NOTE, [peter])).toEqual({ text: TEXT, signatures: [{ name: "PeterNeumann", keyHash: 0xc74f20a3, verified: true }] });
  });

  it("lists signatures by unknown keys as unverified, and requires one known key", () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    expect(openNote(note, [peter]).signatures).toEqual([
      { name: "PeterNeumann", keyHash: 0xc74f20a3, verified: true },
      { name: "EnochRoot", keyHash: 0xaf0cfe78, verified: false },
    ]);
    expect(openNote(note, [peter, enoch]).signatures.map((s) => s.verified)).toEqual([true, true]);
    expectNoteError(() => openNote(note, []), "unverified", /not signed by any known key \(it is signed by PeterNeumann\+c74f20a3, EnochRoot\+af0cfe78\)/);
    expectNoteError(() => openNote(note, [{ name: "PeterNeuman", publicKey: peter.publicKey }]), "unverified");
  });

  it("rejects the whole note when a known key's signature does not verify", () => {
    const bad = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expectNoteError(() => openNote(bad, [peter]), "invalid-signature", /PeterNeumann\+c74f20a3 does not verify/);
    expectNoteError(() => openNote(`${TEXT.replace("answer", "Answer")}\n${PETER_SIG}`, [peter]), "invalid-signature");
  });

  it("ignores repeated signatures and refuses more than 100", () => {
    const note = `${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}`;
    expect(openNote(note, [peter]).signatures).toHaveLength(2);
    expectNoteError(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [peter]), "malformed", /at most 100/);
  });

  it("tolerates a verifier listed twice and another key under the same name (its key hash differs)", () => {
    const sameName = { name: "EnochRoot", publicKey: generateKeyPair().publicKey };
    expect(openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, sameName, enoch]).signatures).toEqual([{ name: "EnochRoot", keyHash: 0xaf0cfe78, verified: true }]);
  });

  it("rejects the malformed messages of Go's TestOpen", () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${TEXT}\n— PeterNeumann\n`,
      `${TEXT}\n— PeterNeumann AAAA\n`,
      `${TEXT.slice(0, -1)}\r\n\n${PETER_SIG}`,
    ];
    for (const note of bad) {
      expectNoteError(() => openNote(note, [peter]), "malformed");
    }
    expectNoteError(() => openNote(TEXT, [peter]), "malformed", /no blank line/);
  });

  it("rejects damaged verifier keys, like Go's TestNewVerifier", () => {
    const bad = [
      "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", // wrong length key
      "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // unknown algorithm
      "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // hash mismatch
      "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // not canonical
      "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "PeterNeumann+c74f20a3",
      "",
    ];
    for (const vkey of bad) {
      expectNoteError(() => parseVerifierKey(vkey), "malformed");
    }
    // Every single-character change of the key must be detected (Go checks the same).
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const changed = PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      expect(() => parseVerifierKey(changed)).toThrow();
    }
    expect(() => parseVerifierKey(PETER_VKEY.slice(0, -1))).toThrow();
    expectNoteError(() => parseVerifierKey(PETER_VKEY.replace("+AR", "+Ag")), "malformed", /signature type 0x02/);
  });
});

describe("signed notes: our own keys", () => {
  const { publicKey, privateKey } = generateKeyPair();
  const name = "sada.example.org/log";
  const text = "sada.example.org/translation\nstatement 01J9 revision 3 ar→en\nsha256 9f86d081884c7d65\n";

  it("round-trips, and publishes a verifier key that parses back to the same key", () => {
    const note = signNote(text, name, privateKey, publicKey);
    expect(note.startsWith(`${text}\n\u2014 ${name} `)).toBe(true);
    expect(openNote(note, [{ name, publicKey }])).toEqual({ text, signatures: [{ name, keyHash: noteKeyHash(name, publicKey), verified: true }] });
    expect(openNote(note, [parseVerifierKey(verifierKey(name, publicKey))]).text).toBe(text);
  });

  it("fails to open after any single-bit change anywhere in the note", () => {
    const note = Buffer.from(signNote(text, name, privateKey, publicKey));
    const decoder = new TextDecoder();
    let failures = 0;
    for (let i = 0; i < note.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const changed = Buffer.from(note);
        changed[i] = (changed[i] ?? 0) ^ (1 << bit);
        expect(() => openNote(decoder.decode(changed), [{ name, publicKey }])).toThrow(SignedNoteError);
        failures++;
      }
    }
    expect(failures).toBe(note.length * 8);
  });

  it("refuses to sign text or names that break the format, or with a mismatched key pair", () => {
    expectNoteError(() => signNote("no final newline", name, privateKey, publicKey), "malformed", /end with a newline/);
    expectNoteError(() => signNote("", name, privateKey, publicKey), "malformed");
    expectNoteError(() => signNote("tab\there\n", name, privateKey, publicKey), "malformed", /control character/);
    expectNoteError(() => signNote(text, "has space", privateKey, publicKey), "malformed", /Invalid key name/);
    expectNoteError(() => signNote(text, "a+b", privateKey, publicKey), "malformed");
    expectNoteError(() => signNote(text, "", privateKey, publicKey), "malformed");
    expect(() => signNote(text, name, privateKey, generateKeyPair().publicKey)).toThrow(/does not belong to the private key/);
  });

  it("keeps blank lines inside the text: the last blank line separates the signatures", () => {
    const withBlank = "first paragraph\n\nsecond paragraph\n";
    const note = signNote(withBlank, name, privateKey, publicKey);
    expect(openNote(note, [{ name, publicKey }]).text).toBe(withBlank);
  });
});

describe("checkpoints", () => {
  const root = Uint8Array.from({ length: 32 }, (_, i) => i);
  const rootB64 = Buffer.from(root).toString("base64");

  it("formats the C2SP body and parses it back", () => {
    const body = formatCheckpoint({ origin: "sada.example.org/log", size: 20852163, rootHash: root });
    expect(body).toBe(`sada.example.org/log\n20852163\n${rootB64}\n`);
    expect(parseCheckpoint(body)).toEqual({ origin: "sada.example.org/log", size: 20852163, rootHash: root, extensions: [] });

    const withExtensions = formatCheckpoint({ origin: "o", size: 0, rootHash: root, extensions: ["timestamp 2025-01-01T00:00:00Z", "x y"] });
    expect(withExtensions).toBe(`o\n0\n${rootB64}\ntimestamp 2025-01-01T00:00:00Z\nx y\n`);
    expect(parseCheckpoint(withExtensions).extensions).toEqual(["timestamp 2025-01-01T00:00:00Z", "x y"]);
  });

  it("parses the example of the C2SP tlog-checkpoint specification", () => {
    const cp = parseCheckpoint("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    expect(cp).toMatchObject({ origin: "example.com/behind-the-sofa", size: 20852163, extensions: [] });
    expect(cp.rootHash).toHaveLength(32);
  });

  it("is signed and opened as a note", () => {
    const { publicKey, privateKey } = generateKeyPair();
    const origin = "sada.example.org/log";
    const note = signNote(formatCheckpoint({ origin, size: 42, rootHash: root }), origin, privateKey, publicKey);
    expect(parseCheckpoint(openNote(note, [{ name: origin, publicKey }]).text)).toEqual({ origin, size: 42, rootHash: root, extensions: [] });
  });

  it("rejects malformed checkpoint text", () => {
    const bad: Array<[string, RegExp]> = [
      [`o\n01\n${rootB64}\n`, /without leading zeros/],
      [`o\n00\n${rootB64}\n`, /without leading zeros/],
      [`o\n-1\n${rootB64}\n`, /without leading zeros/],
      [`o\n1.0\n${rootB64}\n`, /without leading zeros/],
      [`o\n 1\n${rootB64}\n`, /without leading zeros/],
      [`o\n1e3\n${rootB64}\n`, /without leading zeros/],
      [`o\n18446744073709551615\n${rootB64}\n`, /too large/],
      [`o\n1\n${rootB64.slice(0, -1)}\n`, /base64 of 32 bytes/],
      [`o\n1\n${rootB64.replace("A", "*")}\n`, /base64 of 32 bytes/],
      [`o\n1\n${Buffer.from(root.subarray(1)).toString("base64")}\n`, /base64 of 32 bytes/],
      [`o\n1\n${Buffer.concat([root, Uint8Array.of(0)]).toString("base64")}\n`, /base64 of 32 bytes/],
      [`o\n1\n`, /at least three lines/],
      [`o\n`, /at least three lines/],
      [``, /end with a newline/],
      [`o\n1\n${rootB64}`, /end with a newline/],
      [`\n1\n${rootB64}\n`, /origin must be a non-empty/],
      [`o\n1\n${rootB64}\n\n`, /extension line must be a non-empty/],
      [`o\n1\n${rootB64}\next\u0007\n`, /extension line must be a non-empty/],
    ];
    for (const [text, message] of bad) {
      expectNoteError(() => parseCheckpoint(text), "malformed", message);
    }
  });

  it("refuses to format values that would not parse", () => {
    expectNoteError(() => formatCheckpoint({ origin: "", size: 1, rootHash: root }), "malformed", /origin/);
    expectNoteError(() => formatCheckpoint({ origin: "a\nb", size: 1, rootHash: root }), "malformed", /origin/);
    expectNoteError(() => formatCheckpoint({ origin: "o", size: -1, rootHash: root }), "malformed", /non-negative integer/);
    expectNoteError(() => formatCheckpoint({ origin: "o", size: 1.5, rootHash: root }), "malformed", /non-negative integer/);
    expectNoteError(() => formatCheckpoint({ origin: "o", size: 1, rootHash: root.subarray(1) }), "malformed", /32 bytes/);
    expectNoteError(() => formatCheckpoint({ origin: "o", size: 1, rootHash: root, extensions: [""] }), "malformed", /extension/);
  });
});
