import { z } from "zod";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { STATEMENT_KINDS } from "./statement.model";

const title = z.string({ error: "error.title_required" }).trim().min(1, "error.title_required").max(300, "error.title_too_long");
const body = z.string({ error: "error.body_required" }).trim().min(1, "error.body_required").max(100_000, "error.body_too_long");
const hash = z.string({ error: "error.validation" }).regex(/^[0-9a-f]{64}$/, "error.validation");
// A group that keeps its own key signs the canonical form offline and sends the signature with
// the time (and, for a new statement, the id) that the signed canonical form holds.
const signature = z.string({ error: "error.signature_invalid" }).trim().min(1, "error.signature_invalid").max(8000, "error.signature_invalid").optional();
const signedAt = z.iso.datetime({ precision: 3, error: "error.signed_at_invalid" }).optional();
const statementId = z
  .string({ error: "error.validation" })
  .regex(/^[0-9a-hjkmnp-tv-z]{16}$/, "error.validation")
  .optional();

export const createStatementCommand = z.object({
  kind: z.enum(STATEMENT_KINDS, { error: "error.kind_invalid" }),
  lang: z.enum(CONTENT_LANG_CODES, { error: "error.lang_invalid" }),
  title,
  body,
  signature,
  signedAt,
  statementId,
});
export type CreateStatementCommand = z.infer<typeof createStatementCommand>;

export const reviseStatementCommand = z.object({ title, body, baseHash: hash, signature, signedAt });
export type ReviseStatementCommand = z.infer<typeof reviseStatementCommand>;

export const retractStatementCommand = z.object({
  reason: z.string({ error: "error.reason_required" }).trim().min(1, "error.reason_required").max(2000, "error.reason_required"),
  baseHash: hash.optional(),
  signature,
  signedAt,
});
export type RetractStatementCommand = z.infer<typeof retractStatementCommand>;
