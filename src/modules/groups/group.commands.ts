import { z } from "zod";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { PLACE_CODES } from "../places/gazetteer";
import { GROUP_KINDS, GROUP_STATUSES, MEMBER_ROLES, NEED_PRIORITIES } from "./group.model";

const lang = z.enum(CONTENT_LANG_CODES, { error: "error.lang_invalid" });
const text = (max: number, key: string) => z.string({ error: key }).trim().min(1, key).max(max, key);
const optionalText = (max: number, key: string) =>
  z
    .string()
    .trim()
    .max(max, key)
    .optional()
    .transform((v) => (v ? v : null));

export const slugSchema = z
  .string({ error: "error.slug_invalid" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, "error.slug_invalid")
  .refine((v) => !RESERVED_SLUGS.includes(v), "error.slug_reserved");

/** Slugs that would collide with fixed paths under /groups/. */
const RESERVED_SLUGS = ["new", "admin", "api", "feed", "search"];

export const profileInput = z.object({
  lang,
  name: text(200, "error.name_required"),
  description: z.string().trim().max(5000, "error.description_too_long").default(""),
});

const safeUrl = z
  .string()
  .trim()
  .max(2000, "error.url_invalid")
  .refine((v) => v === "" || /^(https?:\/\/|mailto:)[^\s]+$/i.test(v), "error.url_invalid")
  .optional()
  .transform((v) => (v ? v : null));

export const supportChannelInput = z
  .object({
    lang,
    label: text(200, "error.label_required"),
    url: safeUrl,
    instructions: optionalText(2000, "error.instructions_too_long"),
  })
  .refine((v) => v.url !== null || v.instructions !== null, { message: "error.support_needs_url_or_instructions", path: ["url"] });

export const needInput = z.object({
  item: text(300, "error.need_required"),
  priority: z.enum(NEED_PRIORITIES, { error: "error.priority_invalid" }),
});

const placeList = z
  .array(z.enum(PLACE_CODES, { error: "error.place_invalid" }))
  .min(1, "error.places_required")
  .max(80, "error.place_invalid");
const langList = z.array(lang).min(1, "error.languages_required").max(20, "error.lang_invalid");

export const proposeGroupCommand = z.object({
  slug: slugSchema,
  kind: z.enum(GROUP_KINDS, { error: "error.kind_invalid" }),
  defaultLang: lang,
  profiles: z.array(profileInput).min(1, "error.name_required").max(20, "error.lang_invalid"),
  places: placeList,
  languages: langList,
  contact: z.string().trim().max(1000, "error.contact_too_long").default(""),
  supportChannels: z.array(supportChannelInput).max(30, "error.validation").default([]),
  needs: z.array(needInput).max(50, "error.validation").default([]),
});
export type ProposeGroupCommand = z.infer<typeof proposeGroupCommand>;

export const updateGroupCommand = z.object({
  version: z.coerce.number({ error: "error.validation" }).int(),
  kind: z.enum(GROUP_KINDS, { error: "error.kind_invalid" }),
  places: placeList,
  languages: langList,
  contact: z.string().trim().max(1000, "error.contact_too_long").default(""),
  profile: profileInput,
});
export type UpdateGroupCommand = z.infer<typeof updateGroupCommand>;

export const vouchCommand = z.object({ reason: text(1000, "error.reason_required") });
export const setStatusCommand = z.object({
  status: z.enum(GROUP_STATUSES, { error: "error.status_invalid" }),
  reason: text(1000, "error.reason_required"),
});
export const inviteMemberCommand = z.object({
  handle: z.string().trim().toLowerCase().min(1, "error.handle_invalid").max(64, "error.handle_invalid"),
  role: z.enum(MEMBER_ROLES, { error: "error.role_invalid" }),
});
export type InviteMemberCommand = z.infer<typeof inviteMemberCommand>;

export const directoryFilter = z.object({
  kind: z.enum(GROUP_KINDS).optional().catch(undefined),
  place: z.enum(PLACE_CODES).optional().catch(undefined),
  lang: lang.optional().catch(undefined),
  status: z.enum(GROUP_STATUSES).optional().catch(undefined),
});
export type DirectoryFilter = z.infer<typeof directoryFilter>;
