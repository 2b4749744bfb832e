import { Buffer } from "node:buffer";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint, toOpenSshPublicKey } from "./ed25519";
import { parseOpenSshPublicKey, verifySshSignature } from "./ssh-signature";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-sshsig-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (name: string): string => fs.readFileSync(path.join(dir, name), "utf8");

function keygen(name: string, ...type: string[]): void {
  execFileSync("ssh-keygen", [...type, "-N", "", "-f", name, "-q", "-C", `${name}@sada.test`], { cwd: dir, stdio: "pipe" });
}

/** Writes `message` to `file` and signs it with ssh-keygen -Y sign; returns the armored FILE.sig. */
function sshSign(key: string, file: string, message: string, namespace = "sada", ...options: string[]): string {
  fs.writeFileSync(path.join(dir, file), message);
  execFileSync("ssh-keygen", ["-Y", "sign", "-n", namespace, "-f", key, ...options, file], { cwd: dir, stdio: "pipe" });
  return read(`${file}.sig`);
}

const MESSAGE = "Statement revision 2\nنحن مجموعة إغاثة محلية.\n";
let groupKey: Uint8Array;

beforeAll(() => {
  keygen("group", "-t", "ed25519");
  keygen("other", "-t", "ed25519");
  keygen("rsa", "-t", "rsa", "-b", "2048");
  groupKey = parseOpenSshPublicKey(read("group.pub"));
});

describe("parseOpenSshPublicKey", () => {
  it("reads the raw key of an ssh-keygen .pub file, whose fingerprint matches ssh-keygen -lf", () => {
    expect(groupKey).toHaveLength(32);
    const printed = execFileSync("ssh-keygen", ["-lf", "group.pub"], { cwd: dir, encoding: "utf8" }).split(/\s+/)[1];
    expect(fingerprint(groupKey)).toBe(printed);
    expect(toOpenSshPublicKey(groupKey, "group@sada.test")).toBe(read("group.pub").trim());
    expect(parseOpenSshPublicKey(`  ${read("group.pub").trim().split(" ").slice(0, 2).join(" ")}\r\n`)).toEqual(groupKey);
  });

  it("rejects an RSA key with a message naming its type", () => {
    expect(() => parseOpenSshPublicKey(read("rsa.pub"))).toThrow(
      "This is a ssh-rsa key, but Sada accepts only ssh-ed25519 keys. Create one with: ssh-keygen -t ed25519 -f KEY",
    );
    expect(() => parseOpenSshPublicKey("ecdsa-sha2-nistp256 AAAAE2VjZHNh")).toThrow(/ecdsa-sha2-nistp256 key/);
  });

  it("rejects private keys, several keys, damaged data and a type that disagrees with the data", () => {
    expect(() => parseOpenSshPublicKey(read("group"))).toThrow(/This is a private key/);
    expect(() => parseOpenSshPublicKey(`${read("group.pub")}${read("other.pub")}`)).toThrow(/exactly one/);
    expect(() => parseOpenSshPublicKey("")).toThrow(/empty/);
    expect(() => parseOpenSshPublicKey("ssh-ed25519 not*base64")).toThrow(/not valid base64/);
    expect(() => parseOpenSshPublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5")).toThrow(/damaged/);
    const rsaBlob = read("rsa.pub").split(" ")[1];
    expect(() => parseOpenSshPublicKey(`ssh-ed25519 ${rsaBlob}`)).toThrow(/damaged/);
  });
});

describe("verifySshSignature", () => {
  it("accepts a signature made with ssh-keygen -Y sign -n sada (sha512, the default, and sha256)", () => {
    const armored = sshSign("group", "revision.txt", MESSAGE);
    expect(armored.startsWith("-----BEGIN SSH SIGNATURE-----\n")).toBe(true);
    expect(verifySshSignature({ armored, message: MESSAGE, namespace: "sada", publicKey: groupKey })).toEqual({ ok: true });
    expect(verifySshSignature({ armored, message: new TextEncoder().encode(MESSAGE), publicKey: groupKey })).toEqual({ ok: true });
    expect(verifySshSignature({ armored: armored.replace(/\n/g, "\r\n"), message: MESSAGE, publicKey: groupKey })).toEqual({ ok: true });

    const sha256 = sshSign("group", "revision-256.txt", MESSAGE, "sada", "-O", "hashalg=sha256");
    expect(verifySshSignature({ armored: sha256, message: MESSAGE, publicKey: groupKey })).toEqual({ ok: true });
  });

  it("explains a signature made for another namespace, with the command to use", () => {
    const armored = sshSign("group", "wrong-namespace.txt", MESSAGE, "file");
    expect(verifySshSignature({ armored, message: MESSAGE, namespace: "sada", publicKey: groupKey })).toEqual({
      ok: false,
      reason: 'The signature was made for namespace "file", not "sada". Sign with: ssh-keygen -Y sign -n sada -f KEY FILE',
    });
  });

  it("rejects a signature by a key other than the registered one, naming both fingerprints", () => {
    const armored = sshSign("other", "other-key.txt", MESSAGE);
    const result = verifySshSignature({ armored, message: MESSAGE, namespace: "sada", publicKey: groupKey });
    const otherKey = parseOpenSshPublicKey(read("other.pub"));
    expect(result).toEqual({
      ok: false,
      reason: `The signature was made with key ${fingerprint(otherKey)}, but the registered key is ${fingerprint(groupKey)}. Sign with the registered key, or register this one first.`,
    });
  });

  it("rejects a modified message", () => {
    const armored = sshSign("group", "modified.txt", MESSAGE);
    for (const message of [MESSAGE.replace("2", "3"), MESSAGE.trimEnd(), `${MESSAGE} `, ""]) {
      expect(verifySshSignature({ armored, message, namespace: "sada", publicKey: groupKey })).toEqual({
        ok: false,
        reason: "The signature does not match the text: it was changed after signing, or a different file was signed.",
      });
    }
  });

  it("rejects a signature made with an RSA key, naming the type", () => {
    const armored = sshSign("rsa", "rsa.txt", MESSAGE);
    expect(verifySshSignature({ armored, message: MESSAGE, namespace: "sada", publicKey: groupKey })).toEqual({
      ok: false,
      reason: "The signature was made with a ssh-rsa key, but Sada accepts only ssh-ed25519 keys.",
    });
  });

  it("never throws on damaged or foreign input", () => {
    const armored = sshSign("group", "damaged.txt", MESSAGE);
    const body = armored.split("\n").slice(1, -2).join("");
    const cases: Array<[string, RegExp]> = [
      ["", /This is not an SSH signature/],
      ["-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n", /This is not an SSH signature/],
      [armored.replace(body.slice(0, 8), "!!!!!!!!"), /invalid/],
      [`-----BEGIN SSH SIGNATURE-----\n${body.slice(0, 100)}\n-----END SSH SIGNATURE-----\n`, /damaged/],
      [`-----BEGIN SSH SIGNATURE-----\n${Buffer.from("SSHSIG\0\0\0\x02").toString("base64")}\n-----END SSH SIGNATURE-----\n`, /version 2/],
    ];
    for (const [text, reason] of cases) {
      const result = verifySshSignature({ armored: text, message: MESSAGE, publicKey: groupKey });
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.reason).toMatch(reason);
    }
  });

  it("detects a namespace swapped inside the signature: the namespace is signed", () => {
    const armored = sshSign("group", "swap.txt", MESSAGE, "sadb");
    const blob = Buffer.from(armored.split("\n").slice(1, -2).join(""), "base64");
    const swapped = Buffer.from(blob.toString("latin1").replace("sadb", "sada"), "latin1").toString("base64");
    const result = verifySshSignature({
      armored: `-----BEGIN SSH SIGNATURE-----\n${swapped}\n-----END SSH SIGNATURE-----\n`,
      message: MESSAGE,
      publicKey: groupKey,
    });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining("does not match the text") });
  });
});
