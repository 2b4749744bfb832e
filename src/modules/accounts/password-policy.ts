// Rules for new passwords, after NIST SP 800-63B-4: long enough (15 characters when a password
// may be the only factor), up to 256, any characters, no composition rules, and not one that
// attackers try first: a list of ~49,000 common and breached passwords ships with the project
// (@zxcvbn-ts/language-common, MIT), so the check needs no network and sends nothing anywhere.
import { createRequire } from "node:module";

export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 256;

let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
  if (!common) {
    const require = createRequire(import.meta.url);
    const { dictionary } = require("@zxcvbn-ts/language-common") as { dictionary: Record<string, string[]> };
    common = new Set((dictionary["passwords-common"] ?? []).map((p) => p.toLowerCase()));
  }
  return common;
}

function isCommon(p: string): boolean {
  return commonPasswords().has(p);
}

/** Two common passwords glued together ("password" + "123456789") are as guessable as one. */
function isTwoCommon(p: string): boolean {
  for (let i = 1; i < p.length; i++) {
    if (isCommon(p.slice(0, i)) && isCommon(p.slice(i))) {
      return true;
    }
  }
  return false;
}

export type PasswordProblem = "error.password_length" | "error.password_common" | "error.password_handle" | "error.password_repetitive";

/** What is wrong with a new password, or null. `handle` is the account's own handle (context-specific words). */
export function passwordProblem(password: string, handle?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
    return "error.password_length";
  }
  const folded = password.toLowerCase();
  const squeezed = folded.replace(/[\s._-]+/g, "");
  if (isCommon(folded) || isCommon(squeezed) || isTwoCommon(squeezed)) {
    return "error.password_common";
  }
  // Context-specific words: the account's handle and the site's name.
  const context = ["sada", "صدى", ...(handle && handle.length >= 3 ? [handle.toLowerCase()] : [])];
  if (context.some((word) => folded.includes(word))) {
    return "error.password_handle";
  }
  // One character, or one pattern, over and over ("aaaaaaaaaaaaaaa", "iloveyouiloveyou").
  if (/^(.+)\1+$/u.test(squeezed)) {
    return "error.password_repetitive";
  }
  return null;
}
