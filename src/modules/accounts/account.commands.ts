import { z } from "zod";
import { UI_LANGS } from "../../platform/i18n/languages";
import { emailSchema, handleSchema, passwordSchema, ROLES } from "./account.model";
import { passwordProblem } from "./password-policy";

/** The password must not contain the handle it is chosen with. */
function passwordWithoutHandle(v: { handle: string; password: string }, ctx: z.RefinementCtx): void {
  if (passwordProblem(v.password) === null && passwordProblem(v.password, v.handle) !== null) {
    ctx.addIssue({ code: "custom", path: ["password"], message: "error.password_handle" });
  }
}

/** Sign-up form: a pseudonym and a password; email is optional. */
export const signUpCommand = z
  .object({
    handle: handleSchema,
    password: passwordSchema,
    email: emailSchema.optional().default(null),
  })
  .superRefine(passwordWithoutHandle);
export type SignUpCommand = z.infer<typeof signUpCommand>;

export const signInCommand = z.object({
  handle: z.string().trim().toLowerCase().min(1, "error.signin_failed").max(64, "error.signin_failed"),
  password: z.string().min(1, "error.signin_failed").max(256, "error.signin_failed"),
});
export type SignInCommand = z.infer<typeof signInCommand>;

export const createUserCommand = z
  .object({
    handle: handleSchema,
    password: passwordSchema,
    role: z.enum(ROLES, { error: "error.role_invalid" }),
    email: emailSchema.optional().default(null),
  })
  .superRefine(passwordWithoutHandle);
export type CreateUserCommand = z.infer<typeof createUserCommand>;

export const updateAccountCommand = z.object({
  locale: z.union([z.enum(UI_LANGS), z.literal("")], { error: "error.locale_invalid" }).transform((v) => (v === "" ? null : v)),
  email: emailSchema,
});
export type UpdateAccountCommand = z.infer<typeof updateAccountCommand>;

export const changePasswordCommand = z.object({
  current: z.string().min(1, "error.signin_failed").max(256, "error.signin_failed"),
  password: passwordSchema,
});
export type ChangePasswordCommand = z.infer<typeof changePasswordCommand>;

/** A six-digit code from an authenticator app, or a recovery code (letters and digits, dashes allowed). */
export const secondFactorCode = z
  .string()
  .trim()
  .min(6, "error.code_invalid")
  .max(32, "error.code_invalid")
  .regex(/^[0-9A-Za-z\s-]+$/, "error.code_invalid");
