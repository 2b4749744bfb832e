import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, otpauthUri, verifyTotp } from "./totp";

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890"; 8 digits.
const SEED = new TextEncoder().encode("12345678901234567890");
const VECTORS: Array<[number, string]> = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP (RFC 6238)", () => {
  it("matches the RFC's SHA-1 test vectors", () => {
    for (const [time, expected] of VECTORS) {
      expect(hotp(SEED, Math.floor(time / 30), 8)).toBe(expected);
    }
  });

  it("matches RFC 4226's HOTP values for counters 0–9", () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expect(expected.map((_, n) => hotp(SEED, n))).toEqual(expected);
  });

  it("round-trips base32 as authenticator apps write it", () => {
    expect(base32Encode(SEED)).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(Array.from(base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"))).toEqual(Array.from(SEED));
    expect(() => base32Decode("not base32!")).toThrow();
  });

  it("accepts the current code and one step of drift, once only", () => {
    const secret = base32Encode(SEED);
    const now = new Date(1_111_111_111_000);
    const step = Math.floor(1_111_111_111 / 30);
    const code = hotp(SEED, step);
    expect(verifyTotp(secret, code, now, 0)).toBe(step);
    expect(verifyTotp(secret, code, now, step)).toBeNull();
    expect(verifyTotp(secret, hotp(SEED, step - 1), now, 0)).toBe(step - 1);
    expect(verifyTotp(secret, hotp(SEED, step - 2), now, 0)).toBeNull();
    expect(verifyTotp(secret, "12345", now, 0)).toBeNull();
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, 0)).toBe(step);
  });

  it("builds the otpauth URI", () => {
    expect(otpauthUri({ issuer: "Sada", account: "amal", secret: "ABC" })).toBe(
      "otpauth://totp/Sada:amal?secret=ABC&issuer=Sada&algorithm=SHA1&digits=6&period=30",
    );
  });
});
