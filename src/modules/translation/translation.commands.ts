import { z } from "zod";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";

const lang = z.enum(CONTENT_LANG_CODES, { error: "error.lang_invalid" });

export const saveSegmentCommand = z.object({
  segmentId: z.string().regex(/^[0-9a-f]{24}$/, "error.validation"),
  lang,
  text: z.string({ error: "error.validation" }).max(20_000, "error.segment_too_long"),
  version: z.coerce.number({ error: "error.validation" }).int().min(0),
  status: z.enum(["draft", "translated"], { error: "error.validation" }),
  machine: z
    .union([z.boolean(), z.literal("1"), z.literal("0"), z.literal("")])
    .optional()
    .transform((v) => v === true || v === "1"),
});
export type SaveSegmentCommand = z.infer<typeof saveSegmentCommand>;

export const reviewSegmentCommand = z.object({
  segmentId: z.string().regex(/^[0-9a-f]{24}$/, "error.validation"),
  lang,
  version: z.coerce.number({ error: "error.validation" }).int().min(0),
  decision: z.enum(["approve", "reject"], { error: "error.validation" }),
  comment: z.string().trim().max(2000, "error.comment_too_long").default(""),
  confirmMachine: z
    .union([z.boolean(), z.literal("1"), z.literal("0"), z.literal("")])
    .optional()
    .transform((v) => v === true || v === "1"),
});
export type ReviewSegmentCommand = z.infer<typeof reviewSegmentCommand>;

export const translatorPairsCommand = z.object({
  pairs: z.array(z.object({ source: lang, target: lang })).max(50, "error.validation"),
});

export const addTargetCommand = z.object({ lang });
