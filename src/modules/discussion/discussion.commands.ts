import { z } from "zod";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { DISCUSSION_MODES, HIDE_REASONS, MAX_BODY_CHARS, MODERATION_ACTIONS, REPORT_CATEGORIES, SUSPEND_DAYS } from "./comment.model";

const commentId = z.string({ error: "error.validation" }).regex(/^[0-9a-hjkmnp-tv-z]{16}$/, "error.validation");
const body = z.string({ error: "error.comment_body_required" }).trim().min(1, "error.comment_body_required").max(MAX_BODY_CHARS, "error.comment_body_too_long");
/** An empty language means "detect it from the text". */
const lang = z
  .enum(["", ...CONTENT_LANG_CODES], { error: "error.lang_invalid" })
  .optional()
  .transform((v) => (v === "" || v === undefined ? null : v));

export const postCommentCommand = z.object({
  body,
  lang,
  readingLang: z.enum(CONTENT_LANG_CODES, { error: "error.lang_invalid" }),
  parentId: z
    .union([z.literal(""), commentId])
    .optional()
    .transform((v) => (v === "" || v === undefined ? null : v)),
});
export type PostCommentCommand = z.infer<typeof postCommentCommand>;

export const editCommentCommand = z.object({
  body,
  lang,
  version: z.coerce.number({ error: "error.validation" }).int("error.validation").min(1, "error.validation"),
});
export type EditCommentCommand = z.infer<typeof editCommentCommand>;

export const reportCommentCommand = z.object({
  category: z.enum(REPORT_CATEGORIES, { error: "error.comment_category_invalid" }),
  note: z.string().trim().max(500, "error.comment_note_too_long").default(""),
});
export type ReportCommentCommand = z.infer<typeof reportCommentCommand>;

export const moderateCommentCommand = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("approve") }),
    z.object({ action: z.literal("hide"), reason: z.enum(HIDE_REASONS, { error: "error.comment_reason_invalid" }) }),
    z.object({ action: z.literal("delete") }),
    z.object({ action: z.literal("warn") }),
    z.object({
      action: z.literal("suspend"),
      days: z.coerce
        .number({ error: "error.comment_days_invalid" })
        .refine((d) => (SUSPEND_DAYS as readonly number[]).includes(d), "error.comment_days_invalid"),
    }),
  ],
  { error: "error.comment_action_invalid" },
);
export type ModerateCommentCommand = z.infer<typeof moderateCommentCommand>;
export const MODERATION_ACTION_SET: readonly string[] = MODERATION_ACTIONS;

export const translateCommentCommand = z.object({
  lang: z.enum(CONTENT_LANG_CODES, { error: "error.lang_invalid" }),
  body,
});
export type TranslateCommentCommand = z.infer<typeof translateCommentCommand>;

export const discussionModeCommand = z.object({ mode: z.enum(DISCUSSION_MODES, { error: "error.validation" }) });

export const wordListCommand = z.object({
  lang: z.enum(CONTENT_LANG_CODES, { error: "error.lang_invalid" }),
  words: z.string().max(20_000, "error.comment_wordlist_too_long").default(""),
});
