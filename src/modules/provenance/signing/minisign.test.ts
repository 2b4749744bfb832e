import { Buffer } from "node:buffer";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minisignKeyIdHex, minisignKeyToRaw, verifyMinisign } from "./minisign";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-minisign-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (name: string): string => fs.readFileSync(path.join(dir, name), "utf8");
const minisign = (...args: string[]): string => execFileSync("minisign", args, { cwd: dir, encoding: "utf8", stdio: "pipe" });

/** Writes `message` to `file` and signs it; returns FILE.minisig. */
function minisignSign(secretKey: string, file: string, message: string, ...options: string[]): string {
  fs.writeFileSync(path.join(dir, file), message);
  minisign("-S", "-s", secretKey, "-m", file, ...options);
  return read(`${file}.minisig`);
}

// The legacy format ("Ed", unhashed message) can only be produced when the installed minisign offers -l.
// `minisign -h` exits with status 1, so its usage text is read without treating that as a failure.
const usage = spawnSync("minisign", ["-h"], { encoding: "utf8" });
const supportsLegacy = /^-l\b/m.test(`${usage.stdout}${usage.stderr}`);

const MESSAGE = "Statement revision 7\nЗаявление группы.\n";
let groupPub: string;

beforeAll(() => {
  minisign("-G", "-W", "-p", "group.pub", "-s", "group.sec");
  minisign("-G", "-W", "-p", "other.pub", "-s", "other.sec");
  groupPub = read("group.pub");
});

describe("minisignKeyToRaw", () => {
  it("reads the .pub file or its base64 line, with the key id minisign prints", () => {
    const key = minisignKeyToRaw(groupPub);
    expect(key.keyId).toHaveLength(8);
    expect(key.publicKey).toHaveLength(32);
    expect(minisignKeyToRaw(groupPub.split("\n")[1] ?? "")).toEqual(key);
    expect(minisignKeyToRaw(groupPub.replace(/\n/g, "\r\n"))).toEqual(key);
    expect(groupPub.split("\n")[0]).toBe(`untrusted comment: minisign public key ${minisignKeyIdHex(key.keyId)}`);
  });

  it("rejects anything that is not one Ed25519 minisign key", () => {
    expect(() => minisignKeyToRaw("")).toThrow(/Paste a minisign public key/);
    expect(() => minisignKeyToRaw(`${groupPub}${read("other.pub")}`)).toThrow(/Paste a minisign public key/);
    expect(() => minisignKeyToRaw("RWQ*notbase64")).toThrow(/damaged or has the wrong length/);
    expect(() => minisignKeyToRaw(read("group.sec"))).toThrow();
    const line = groupPub.split("\n")[1] ?? "";
    const other = Buffer.from(line, "base64");
    other.write("XX", 0, "latin1");
    expect(() => minisignKeyToRaw(other.toString("base64"))).toThrow('This minisign public key uses algorithm "XX"; only Ed25519 ("Ed") keys are supported.');
  });
});

describe("verifyMinisign", () => {
  it("accepts a default (prehashed, ED) signature and returns its trusted comment", () => {
    const signatureFile = minisignSign("group.sec", "revision.txt", MESSAGE, "-t", "sada revision 7 ");
    expect(
      Buffer.from(signatureFile.split("\n")[1] ?? "", "base64")
        .subarray(0, 2)
        .toString(),
    ).toBe("ED");
    expect(verifyMinisign({ signatureFile, message: MESSAGE, publicKey: groupPub })).toEqual({ ok: true, trustedComment: "sada revision 7 " });
    expect(verifyMinisign({ signatureFile, message: new TextEncoder().encode(MESSAGE), publicKey: minisignKeyToRaw(groupPub) })).toEqual({
      ok: true,
      trustedComment: "sada revision 7 ",
    });
    expect(verifyMinisign({ signatureFile: signatureFile.replace(/\n/g, "\r\n"), message: MESSAGE, publicKey: groupPub }).ok).toBe(true);
  });

  it.runIf(supportsLegacy)("accepts a legacy (Ed, minisign -l) signature", () => {
    const signatureFile = minisignSign("group.sec", "legacy.txt", MESSAGE, "-l");
    expect(
      Buffer.from(signatureFile.split("\n")[1] ?? "", "base64")
        .subarray(0, 2)
        .toString(),
    ).toBe("Ed");
    const result = verifyMinisign({ signatureFile, message: MESSAGE, publicKey: groupPub });
    expect(result).toEqual({ ok: true, trustedComment: expect.stringContaining("file:legacy.txt") });
    expect(verifyMinisign({ signatureFile, message: `${MESSAGE}.`, publicKey: groupPub }).ok).toBe(false);
  });

  it("rejects a modified message", () => {
    const signatureFile = minisignSign("group.sec", "modified.txt", MESSAGE);
    expect(verifyMinisign({ signatureFile, message: MESSAGE.replace("7", "8"), publicKey: groupPub })).toEqual({
      ok: false,
      reason: "The signature does not match the text: it was changed after signing, or a different file was signed.",
    });
  });

  it("rejects a modified trusted comment through the global signature", () => {
    const signatureFile = minisignSign("group.sec", "comment.txt", MESSAGE, "-t", "approved by the board");
    const forged = signatureFile.replace("approved by the board", "approved by the board and the UN");
    expect(verifyMinisign({ signatureFile: forged, message: MESSAGE, publicKey: groupPub })).toEqual({
      ok: false,
      reason: "The trusted comment of the signature was altered after signing (its global signature does not verify).",
    });
  });

  it("rejects a signature by another key, naming both key ids", () => {
    const signatureFile = minisignSign("other.sec", "other.txt", MESSAGE);
    const ours = minisignKeyIdHex(minisignKeyToRaw(groupPub).keyId);
    const theirs = minisignKeyIdHex(minisignKeyToRaw(read("other.pub")).keyId);
    expect(verifyMinisign({ signatureFile, message: MESSAGE, publicKey: groupPub })).toEqual({
      ok: false,
      reason: `The signature was made with minisign key ${theirs}, but the registered key is ${ours}. Sign with the registered key, or register this one first.`,
    });
    // Same key id but a different key (a forged id) still fails on the signature itself.
    const forgedKey = { keyId: minisignKeyToRaw(read("other.pub")).keyId, publicKey: minisignKeyToRaw(groupPub).publicKey };
    expect(verifyMinisign({ signatureFile, message: MESSAGE, publicKey: forgedKey })).toEqual({ ok: false, reason: expect.stringContaining("does not match") });
  });

  it("never throws on damaged input or an unusable registered key", () => {
    const signatureFile = minisignSign("group.sec", "damaged.txt", MESSAGE);
    const lines = signatureFile.split("\n");
    const damaged = [
      "",
      lines.slice(0, 3).join("\n"),
      [lines[0], "RUR*", lines[2], lines[3]].join("\n"),
      [lines[0], lines[1], lines[2]?.replace("trusted comment: ", "trusted: "), lines[3]].join("\n"),
      [lines[1], lines[0], lines[2], lines[3]].join("\n"),
    ];
    for (const text of damaged) {
      expect(verifyMinisign({ signatureFile: text, message: MESSAGE, publicKey: groupPub })).toEqual({ ok: false, reason: expect.stringContaining("damaged") });
    }
    expect(verifyMinisign({ signatureFile, message: MESSAGE, publicKey: "nonsense" })).toEqual({
      ok: false,
      reason: expect.stringContaining("The registered key cannot be used"),
    });
  });
});

describe("minisignKeyIdHex", () => {
  it("prints the key id like minisign: little-endian, upper case, no leading zeros", () => {
    expect(minisignKeyIdHex(Uint8Array.from([0xb1, 0x83, 0xb3, 0x71, 0xc3, 0x83, 0xe4, 0x08]))).toBe("8E483C371B383B1");
    expect(minisignKeyIdHex(Uint8Array.from([0x66, 0x44, 0xb6, 0x9c, 0x68, 0xd9, 0x19, 0x1c]))).toBe("1C19D9689CB64466");
    expect(minisignKeyIdHex(new Uint8Array(8))).toBe("0");
  });
});
