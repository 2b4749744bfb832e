import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { generateKeyPair } from "./ed25519";
import { deriveKey, open, seal } from "./secret-box";

const key = deriveKey("a long random secret from the configuration", "group-signing-keys");

/** Re-encodes a sealed value after changing one byte of its ciphertext‖tag part. */
function flipByte(sealed: string, index: number): string {
  const [version, nonce, body = ""] = sealed.split(".");
  const bytes = Buffer.from(body, "base64url");
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return `${version}.${nonce}.${bytes.toString("base64url")}`;
}

describe("secret box", () => {
  it("derives independent 32-byte keys per secret and purpose, deterministically", () => {
    expect(key).toHaveLength(32);
    expect(deriveKey("a long random secret from the configuration", "group-signing-keys")).toEqual(key);
    expect(deriveKey("a long random secret from the configuration", "instance-signing-key")).not.toEqual(key);
    expect(deriveKey("another secret", "group-signing-keys")).not.toEqual(key);
    expect(() => deriveKey("", "x")).toThrow(/secret is empty/);
    expect(() => deriveKey("s", "")).toThrow(/purpose is empty/);
  });

  it("round-trips a private seed in the v1 compact format, with a fresh nonce each time", () => {
    const { privateKey } = generateKeyPair();
    const sealed = seal(key, privateKey, "key-01");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{64}$/); // 12-byte nonce; 32-byte seed + 16-byte tag
    expect(open(key, sealed, "key-01")).toEqual(privateKey);
    expect(seal(key, privateKey, "key-01")).not.toBe(sealed);
    expect(open(key, seal(key, new Uint8Array(), "k"), "k")).toEqual(new Uint8Array());
  });

  it("refuses a wrong key, a wrong owner (aad) and any modified byte, with one clear error", () => {
    const sealed = seal(key, generateKeyPair().privateKey, "key-01");
    const refused = /Cannot open sealed value: it was modified, belongs to a different owner \(aad\), or was sealed with a different key/;
    expect(() => open(deriveKey("wrong secret", "group-signing-keys"), sealed, "key-01")).toThrow(refused);
    expect(() => open(key, sealed, "key-02")).toThrow(refused);
    for (let i = 0; i < 48; i++) {
      expect(() => open(key, flipByte(sealed, i), "key-01")).toThrow(refused);
    }
    const [version, nonce = "", body] = sealed.split(".");
    const otherNonce = Buffer.from(nonce, "base64url");
    otherNonce[0] = (otherNonce[0] ?? 0) ^ 0x80;
    expect(() => open(key, `${version}.${otherNonce.toString("base64url")}.${body}`, "key-01")).toThrow(refused);
  });

  it("rejects values not in the v1 format and keys of the wrong size", () => {
    const sealed = seal(key, Uint8Array.of(1, 2, 3), "a");
    const format = /not in the "v1.<nonce>.<ciphertext>" format/;
    expect(() => open(key, sealed.replace(/^v1/, "v2"), "a")).toThrow(format);
    expect(() => open(key, sealed.split(".").slice(0, 2).join("."), "a")).toThrow(format);
    expect(() => open(key, `${sealed}.extra`, "a")).toThrow(format);
    expect(() => open(key, "v1.AAAA.AAAAAAAAAAAAAAAAAAAAAA", "a")).toThrow(format); // 3-byte nonce
    expect(() => open(key, "v1.AAAAAAAAAAAAAAAA.AAAA", "a")).toThrow(format); // shorter than a tag
    expect(() => open(key, "v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA==", "a")).toThrow(format); // padded: not canonical
    expect(() => seal(new Uint8Array(16), Uint8Array.of(1), "a")).toThrow(/32 bytes/);
    expect(() => open(new Uint8Array(16), sealed, "a")).toThrow(/32 bytes/);
  });
});
