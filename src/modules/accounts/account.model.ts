import { passwordProblem } from "./password-policy";
import { z } from "zod";

/** Instance-wide roles, from least to most trusted. */
export const ROLES = ["reader", "translator", "reviewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The signed-in person as the rest of the app sees them. */
export interface Viewer {
  id: string;
  handle: string;
  role: Role;
  locale: string | null;
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** True when `role` is at least `minimum` in the trust order. */
export function hasRole(viewer: Pick<Viewer, "role"> | null, minimum: Role): boolean {
  return viewer !== null && roleRank(viewer.role) >= roleRank(minimum);
}

/**
 * Handles are pseudonyms: ASCII letters, digits, '_' and '-', 3–32 characters, stored lower-case.
 * ASCII only, so look-alike letters from other scripts cannot impersonate someone.
 */
export const handleSchema = z
  .string({ error: "error.handle_invalid" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{3,32}$/, "error.handle_invalid");

/** NIST 800-63B: length over composition rules; long passphrases welcome. */
/** A new password: length and the shipped common-password list (the handle is checked where it is known, see `withPasswordRules`). */
export const passwordSchema = z.string({ error: "error.password_length" }).superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
  }
});

export const emailSchema = z
  .string()
  .trim()
  .max(254, "error.email_invalid")
  .transform((v) => (v === "" ? null : v))
  .pipe(z.email({ error: "error.email_invalid" }).nullable());
