import { z } from "zod";
import { UI_LANGS } from "../../platform/i18n/languages";
import { emailSchema, handleSchema, passwordSchema, ROLES } from "./account.model";

/** Sign-up form: a pseudonym and a password; email is optional. */
export const signUpCommand = z.object({
  handle: handleSchema,
  password: passwordSchema,
  email: emailSchema.optional().default(null),
});
export type SignUpCommand = z.infer<typeof signUpCommand>;

export const signInCommand = z.object({
  handle: z.string().trim().toLowerCase().min(1, "error.signin_failed").max(64, "error.signin_failed"),
  password: z.string().min(1, "error.signin_failed").max(256, "error.signin_failed"),
});
export type SignInCommand = z.infer<typeof signInCommand>;

export const createUserCommand = z.object({
  handle: handleSchema,
  password: passwordSchema,
  role: z.enum(ROLES, { error: "error.role_invalid" }),
  email: emailSchema.optional().default(null),
});
export type CreateUserCommand = z.infer<typeof createUserCommand>;

export const updateAccountCommand = z.object({
  locale: z.union([z.enum(UI_LANGS), z.literal("")], { error: "error.locale_invalid" }).transform((v) => (v === "" ? null : v)),
  email: emailSchema,
});
export type UpdateAccountCommand = z.infer<typeof updateAccountCommand>;
