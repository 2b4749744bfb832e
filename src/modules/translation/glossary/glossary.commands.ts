import { z } from "zod";
import { CONTENT_LANG_CODES } from "../../../platform/i18n/languages";
import { MAX_RENDERINGS, normalizeTerm } from "./glossary.model";

const lang = z.enum(CONTENT_LANG_CODES, { error: "error.lang_invalid" });

/** Newlines, semicolons and the Arabic semicolon separate renderings typed into one textarea. */
const LIST_SEPARATORS = /[\r\n;\u061B]+/;

/** Forms send one string, the API an array; blank entries are dropped and repeats removed. */
function toList(value: unknown): unknown {
  if (value === undefined || value === null) {
    return [];
  }
  const items = typeof value === "string" ? value.split(LIST_SEPARATORS) : value;
  if (!Array.isArray(items)) {
    return items;
  }
  const out: unknown[] = [];
  for (const item of items) {
    const v = typeof item === "string" ? item.trim().normalize("NFC") : item;
    if (v !== "" && !out.includes(v)) {
      out.push(v);
    }
  }
  return out;
}

const renderings = z.preprocess(
  toList,
  z
    .array(z.string({ error: "error.rendering_too_long" }).min(1, "error.rendering_too_long").max(200, "error.rendering_too_long"), {
      error: "error.validation",
    })
    .max(MAX_RENDERINGS, "error.renderings_too_many"),
);

/** A checkbox sends "on" or nothing; the API sends a boolean. */
const checkbox = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === "" || v === "false" || v === "0") {
      return false;
    }
    return v === "on" || v === "true" || v === "1" ? true : v;
  },
  z.boolean({ error: "error.validation" }),
);

/** One glossary entry as typed by a reviewer, for creating it and for saving changes to it. */
export const glossaryTermCommand = z
  .object({
    sourceLang: lang,
    targetLang: lang,
    term: z
      .string({ error: "error.term_required" })
      .trim()
      .min(1, "error.term_required")
      .max(200, "error.term_too_long")
      .transform((v) => v.normalize("NFC")),
    preferred: renderings,
    forbidden: renderings,
    doNotTranslate: checkbox,
    note: z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string({ error: "error.validation" }).trim().max(1000, "error.note_too_long")),
  })
  .superRefine((v, ctx) => {
    if (v.sourceLang === v.targetLang) {
      ctx.addIssue({ code: "custom", path: ["targetLang"], message: "error.glossary_same_language" });
    }
    if (!v.doNotTranslate && v.preferred.length === 0) {
      ctx.addIssue({ code: "custom", path: ["preferred"], message: "error.preferred_required" });
    }
    const preferred = new Set(v.preferred.map((p) => normalizeTerm(p, v.targetLang)));
    if (v.forbidden.some((f) => preferred.has(normalizeTerm(f, v.targetLang)))) {
      ctx.addIssue({ code: "custom", path: ["forbidden"], message: "error.rendering_conflict" });
    }
  });
export type GlossaryTermCommand = z.infer<typeof glossaryTermCommand>;

/** Creating and updating take the same fields; an update may also move a term to another pair. */
export const createGlossaryTermCommand = glossaryTermCommand;
export const updateGlossaryTermCommand = glossaryTermCommand;
