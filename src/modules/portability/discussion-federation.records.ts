import { z } from "zod";
import { HIDE_REASONS, MAX_DEPTH } from "../discussion/comment.model";

// The record types of the discussion and of federation (docs/data.md, "Record types"), strict
// like every other record. They are listed in portability.records.ts with the rest. The field
// rules repeat those of portability.records.ts: that file imports this one, so this one cannot
// import them back.

const id = z.string().regex(/^[0-9a-z]{1,64}$/, "must be 1–64 characters from 0-9 a-z");
const handle = z.string().regex(/^[a-z0-9_-]{3,32}$/, "must be a handle (3–32 characters from a-z 0-9 _ -)");
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/, "must be an ISO 8601 UTC time");
const lang = z.string().regex(/^[a-z]{2,3}$/, "must be a language code");
/** Remote servers tag texts with any BCP 47 tag ("en", "pt-BR", "zh-Hant"). */
const languageTag = z.string().regex(/^[A-Za-z0-9-]{1,128}$/, "must be a language tag");
const uri = z
  .string()
  .max(8192)
  .regex(/^https?:\/\/\S+$/, "must be an http(s) address");

/** Texts by language tag ("" when the sender gave none), as stored: a JSON object of strings. */
const textsByLanguage = z.string().refine((s) => {
  try {
    const value: unknown = JSON.parse(s);
    return (
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      Object.entries(value).every(([k, v]) => (k === "" || languageTag.safeParse(k).success) && typeof v === "string")
    );
  } catch {
    return false;
  }
}, "must be a JSON object of texts by language tag");

/** Only what a reader sees: a published comment's text, or the placeholder of a hidden or gone one. */
const comment = z
  .strictObject({
    type: z.literal("comment"),
    id,
    statement_id: id,
    parent_id: id.nullable(),
    depth: z.number().int().min(0).max(MAX_DEPTH),
    author: handle.nullable(),
    lang,
    reading_lang: lang,
    status: z.enum(["published", "hidden", "removed", "deleted"]),
    body: z.string().max(100_000),
    hidden_reason: z.enum(HIDE_REASONS).nullable(),
    created_at: time,
    edited_at: time.nullable(),
  })
  .superRefine((c, ctx) => {
    if ((c.parent_id === null) !== (c.depth === 0)) {
      ctx.addIssue({ code: "custom", path: ["depth"], message: "must be 0 exactly when parent_id is null" });
    }
    if (c.status === "published" && c.body.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["body"], message: "a published comment has a text" });
    }
    if (c.status !== "published" && c.body !== "") {
      ctx.addIssue({ code: "custom", path: ["body"], message: `must be empty: the text of a ${c.status} comment is not public` });
    }
    if ((c.status === "hidden") !== (c.hidden_reason !== null)) {
      ctx.addIssue({ code: "custom", path: ["hidden_reason"], message: "a hidden comment, and only a hidden one, has a hidden_reason" });
    }
    if ((c.status === "removed" || c.status === "deleted") && c.author !== null) {
      ctx.addIssue({ code: "custom", path: ["author"], message: `must be null: the author of a ${c.status} comment is not shown` });
    }
  });

const remotePost = z
  .strictObject({
    type: z.literal("fediverse_post"),
    object_uri: uri,
    actor_uri: uri,
    url: uri.nullable(),
    lang: languageTag.nullable(),
    names: textsByLanguage,
    contents: textsByLanguage,
    published_at: time,
    updated_at: time.nullable(),
    deleted_at: time.nullable(),
    received_at: time,
  })
  .superRefine((p, ctx) => {
    if (p.deleted_at !== null && (p.names !== "{}" || p.contents !== "{}" || p.url !== null)) {
      ctx.addIssue({ code: "custom", path: ["deleted_at"], message: "a deleted post keeps no text: names and contents {} and url null" });
    }
  });

/** In file order, after the log (see RECORD_TYPES). */
export const discussionFederationRecords = [
  z.strictObject({ type: z.literal("discussion_setting"), statement_id: id, mode: z.enum(["premoderated", "closed"]), updated_at: time }),
  comment,
  z.strictObject({
    type: z.literal("comment_translation"),
    comment_id: id,
    lang,
    body: z.string().min(1).max(100_000),
    translator: handle.nullable(),
    created_at: time,
  }),
  z.strictObject({
    type: z.literal("fediverse_following"),
    actor_uri: uri,
    handle: z.string().min(1),
    name: z.string().nullable(),
    inbox: uri,
    status: z.literal("accepted"),
    follow_activity: uri,
    created_at: time,
  }),
  remotePost,
  z.strictObject({
    type: z.literal("fediverse_reactions"),
    statement_id: id,
    kind: z.enum(["like", "announce"]),
    count: z.number().int().positive().max(1_000_000),
  }),
] as const;
