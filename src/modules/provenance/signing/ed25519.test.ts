import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprint, generateKeyPair, publicKeyFromSeed, sign, toOpenSshPublicKey, verify } from "./ed25519";
import { parseOpenSshPublicKey } from "./ssh-signature";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-ed25519-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** `ssh-keygen -lf FILE` prints "256 SHA256:… comment (ED25519)"; the fingerprint is the second field. */
function sshKeygenFingerprint(file: string): string {
  const out = execFileSync("ssh-keygen", ["-lf", file], { cwd: dir, encoding: "utf8" });
  return out.trim().split(/\s+/)[1] ?? "";
}

describe("ed25519", () => {
  it("generates 32-byte keys whose public half follows from the seed", () => {
    const pair = generateKeyPair();
    expect(pair.publicKey).toHaveLength(32);
    expect(pair.privateKey).toHaveLength(32);
    expect(publicKeyFromSeed(pair.privateKey)).toEqual(pair.publicKey);
    expect(generateKeyPair().publicKey).not.toEqual(pair.publicKey);
  });

  it("reproduces RFC 8032 test 1 (empty message)", () => {
    const seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    const publicKey = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const signature = hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    expect(publicKeyFromSeed(seed)).toEqual(publicKey);
    expect(sign(seed, new Uint8Array())).toEqual(signature);
    expect(verify(publicKey, new Uint8Array(), signature)).toBe(true);
  });

  it("signs and verifies, and rejects a changed message, signature or key", () => {
    const { publicKey, privateKey } = generateKeyPair();
    const message = bytes("بيان: revision 3");
    const signature = sign(privateKey, message);
    expect(signature).toHaveLength(64);
    expect(sign(privateKey, message)).toEqual(signature); // deterministic
    expect(verify(publicKey, message, signature)).toBe(true);
    expect(verify(publicKey, bytes("بيان: revision 4"), signature)).toBe(false);
    const flipped = Uint8Array.from(signature);
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(verify(publicKey, message, flipped)).toBe(false);
    expect(verify(generateKeyPair().publicKey, message, signature)).toBe(false);
  });

  it("returns false instead of throwing on malformed input", () => {
    const { publicKey, privateKey } = generateKeyPair();
    const message = bytes("x");
    const signature = sign(privateKey, message);
    expect(verify(publicKey.subarray(0, 31), message, signature)).toBe(false);
    expect(verify(publicKey, message, signature.subarray(0, 63))).toBe(false);
    expect(verify(new Uint8Array(0), message, new Uint8Array(0))).toBe(false);
    expect(verify(new Uint8Array(32).fill(0xff), message, signature)).toBe(false);
    expect(() => sign(new Uint8Array(31), message)).toThrow(/32 bytes/);
  });

  it("computes the fingerprint ssh-keygen -l prints, for keys made by ssh-keygen", () => {
    execFileSync("ssh-keygen", ["-t", "ed25519", "-N", "", "-f", "key", "-q", "-C", "group@example"], { cwd: dir });
    const line = fs.readFileSync(path.join(dir, "key.pub"), "utf8").trim();
    const publicKey = parseOpenSshPublicKey(line);
    expect(fingerprint(publicKey)).toBe(sshKeygenFingerprint("key.pub"));
    expect(fingerprint(publicKey)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(toOpenSshPublicKey(publicKey, "group@example")).toBe(line);
  });

  it("writes OpenSSH public key lines that ssh-keygen reads, with the same fingerprint", () => {
    const { publicKey } = generateKeyPair();
    const line = toOpenSshPublicKey(publicKey, "sada group key");
    expect(line).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+ sada group key$/);
    expect(toOpenSshPublicKey(publicKey)).toBe(line.split(" ").slice(0, 2).join(" "));
    fs.writeFileSync(path.join(dir, "ours.pub"), `${line}\n`);
    expect(sshKeygenFingerprint("ours.pub")).toBe(fingerprint(publicKey));
    expect(() => toOpenSshPublicKey(publicKey, "two\nlines")).toThrow(/single line/);
    expect(() => fingerprint(new Uint8Array(33))).toThrow(/32 bytes/);
  });
});
