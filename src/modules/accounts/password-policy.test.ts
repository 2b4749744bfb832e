import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";

describe("new password rules (NIST SP 800-63B-4)", () => {
  it("asks for 15 to 256 characters, counted as characters, of any kind", () => {
    expect(passwordProblem("fourteen chars")).toBe("error.password_length");
    expect(passwordProblem("قمر فوق جبل الشيخ")).toBeNull();
    expect(passwordProblem("x".repeat(257))).toBe("error.password_length");
    expect(passwordProblem("all lower case words here")).toBeNull();
  });

  it("refuses common and breached passwords from the shipped list, however they are spaced or cased", () => {
    expect(passwordProblem("1qaz2wsx3edc4rfv")).toBe("error.password_common");
    expect(passwordProblem("Q1W2E3R4T5Y6U7I8")).toBe("error.password_common");
    expect(passwordProblem("Dragon Football 1")).toBe("error.password_common");
    expect(passwordProblem("monkey123456789")).toBe("error.password_common");
  });

  it("refuses the handle and the site's name inside the password", () => {
    expect(passwordProblem("amal-from-douma-2024", "amal")).toBe("error.password_handle");
    expect(passwordProblem("my sada password is long")).toBe("error.password_handle");
    expect(passwordProblem("a long passphrase here", "amal")).toBeNull();
  });

  it("refuses one character or a short pattern repeated", () => {
    expect(passwordProblem("aaaaaaaaaaaaaaaa")).toBe("error.password_repetitive");
    expect(passwordProblem("xyzxyzxyzxyzxyzxyz")).toBe("error.password_repetitive");
    expect(passwordProblem("Zxq Zxq Zxq Zxq Zxq")).toBe("error.password_repetitive");
  });
});
